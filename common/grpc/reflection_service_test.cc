#include "common/grpc/reflection_service.h"

#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "newsgraph/v1/ingest.grpc.pb.h"

namespace newsgraph {
namespace {

// Runs `Proto`'s reflection client against a server with both versions.
template <typename Proto, typename Request, typename Response>
void ExpectReflectionWorks() {
  newsgraph::v1::IngestService::Service ingest;  // unimplemented methods are fine
  auto reflection = MakeReflectionServices({"newsgraph.v1.IngestService"});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&ingest);
  for (auto& service : reflection) builder.RegisterService(service.get());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);

  auto stub = Proto::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                 grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  auto stream = stub->ServerReflectionInfo(&context);
  Request list;
  list.set_list_services("");
  ASSERT_TRUE(stream->Write(list));
  Response response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> names;
  for (const auto& s : response.list_services_response().service()) names.push_back(s.name());
  EXPECT_NE(std::find(names.begin(), names.end(), "newsgraph.v1.IngestService"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "grpc.reflection.v1.ServerReflection"),
            names.end());

  Request symbol;
  symbol.set_file_containing_symbol("newsgraph.v1.IngestService.IngestDocument");
  ASSERT_TRUE(stream->Write(symbol));
  ASSERT_TRUE(stream->Read(&response));
  ASSERT_TRUE(response.has_file_descriptor_response()) << response.DebugString();
  bool found_ingest_proto = false;
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    if (file.name() == "newsgraph/v1/ingest.proto") found_ingest_proto = true;
  }
  EXPECT_TRUE(found_ingest_proto);

  Request missing;
  missing.set_file_containing_symbol("no.such.Symbol");
  ASSERT_TRUE(stream->Write(missing));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.error_response().error_code(), static_cast<int>(grpc::StatusCode::NOT_FOUND));
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  server->Shutdown();
}

TEST(ReflectionServiceTest, V1Works) {
  ExpectReflectionWorks<grpc::reflection::v1::ServerReflection,
                        grpc::reflection::v1::ServerReflectionRequest,
                        grpc::reflection::v1::ServerReflectionResponse>();
}

TEST(ReflectionServiceTest, V1AlphaWorks) {
  ExpectReflectionWorks<grpc::reflection::v1alpha::ServerReflection,
                        grpc::reflection::v1alpha::ServerReflectionRequest,
                        grpc::reflection::v1alpha::ServerReflectionResponse>();
}

}  // namespace
}  // namespace newsgraph
