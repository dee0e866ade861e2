#include "common/grpc/reflection_service.h"

#include <set>
#include <utility>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace newsgraph {
namespace {

namespace pb = google::protobuf;

// Implements ServerReflectionInfo for one protocol version. `Proto` is the
// generated ServerReflection class of that version's package.
template <typename Proto, typename Request, typename Response>
class ReflectionService final : public Proto::Service {
 public:
  explicit ReflectionService(std::vector<std::string> service_names)
      : service_names_(std::move(service_names)) {}

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<Response, Request>* stream) override {
    Request request;
    while (stream->Read(&request)) {
      Response response;
      response.set_valid_host(request.host());
      *response.mutable_original_request() = request;
      Answer(request, &response);
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }

 private:
  void Answer(const Request& request, Response* response) const {
    const pb::DescriptorPool* pool = pb::DescriptorPool::generated_pool();
    switch (request.message_request_case()) {
      case Request::kListServices:
        for (const std::string& name : service_names_) {
          response->mutable_list_services_response()->add_service()->set_name(name);
        }
        return;
      case Request::kFileByFilename: {
        const pb::FileDescriptor* file = pool->FindFileByName(request.file_by_filename());
        if (file == nullptr) return NotFound("file not found: " + request.file_by_filename(), response);
        return AddFiles(file, response);
      }
      case Request::kFileContainingSymbol: {
        const pb::FileDescriptor* file =
            pool->FindFileContainingSymbol(request.file_containing_symbol());
        if (file == nullptr) {
          return NotFound("symbol not found: " + request.file_containing_symbol(), response);
        }
        return AddFiles(file, response);
      }
      case Request::kFileContainingExtension: {
        const auto& ext = request.file_containing_extension();
        const pb::Descriptor* type = pool->FindMessageTypeByName(ext.containing_type());
        const pb::FieldDescriptor* field =
            type == nullptr ? nullptr : pool->FindExtensionByNumber(type, ext.extension_number());
        if (field == nullptr) return NotFound("extension not found", response);
        return AddFiles(field->file(), response);
      }
      case Request::kAllExtensionNumbersOfType: {
        const pb::Descriptor* type =
            pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
        if (type == nullptr) {
          return NotFound("type not found: " + request.all_extension_numbers_of_type(), response);
        }
        std::vector<const pb::FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        auto* numbers = response->mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const pb::FieldDescriptor* field : extensions) numbers->add_extension_number(field->number());
        return;
      }
      default:
        response->mutable_error_response()->set_error_code(
            static_cast<int>(grpc::StatusCode::UNIMPLEMENTED));
        response->mutable_error_response()->set_error_message("unknown reflection request");
    }
  }

  static void NotFound(const std::string& message, Response* response) {
    response->mutable_error_response()->set_error_code(
        static_cast<int>(grpc::StatusCode::NOT_FOUND));
    response->mutable_error_response()->set_error_message(message);
  }

  // The file and every file it imports, dependencies first, each once.
  static void AddFiles(const pb::FileDescriptor* file, Response* response) {
    std::set<std::string> seen;
    AddFileRecursive(file, &seen, response->mutable_file_descriptor_response());
  }

  template <typename FileResponse>
  static void AddFileRecursive(const pb::FileDescriptor* file, std::set<std::string>* seen,
                               FileResponse* out) {
    if (!seen->insert(file->name()).second) return;
    for (int i = 0; i < file->dependency_count(); ++i) {
      AddFileRecursive(file->dependency(i), seen, out);
    }
    pb::FileDescriptorProto proto;
    file->CopyTo(&proto);
    proto.SerializeToString(out->add_file_descriptor_proto());
  }

  const std::vector<std::string> service_names_;
};

}  // namespace

std::vector<std::unique_ptr<grpc::Service>> MakeReflectionServices(
    std::vector<std::string> service_names) {
  service_names.push_back("grpc.reflection.v1.ServerReflection");
  service_names.push_back("grpc.reflection.v1alpha.ServerReflection");
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<ReflectionService<
                         grpc::reflection::v1::ServerReflection,
                         grpc::reflection::v1::ServerReflectionRequest,
                         grpc::reflection::v1::ServerReflectionResponse>>(service_names));
  services.push_back(std::make_unique<ReflectionService<
                         grpc::reflection::v1alpha::ServerReflection,
                         grpc::reflection::v1alpha::ServerReflectionRequest,
                         grpc::reflection::v1alpha::ServerReflectionResponse>>(service_names));
  return services;
}

}  // namespace newsgraph
