// The gRPC face of extraction: converts newsgraph.v1 requests to
// ExtractionStore / EntityRegistry calls and results back.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_GRPC_EXTRACTION_SERVICE_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_GRPC_EXTRACTION_SERVICE_H_

#include "newsgraph/v1/extraction.grpc.pb.h"
#include "services/extraction/core/extraction_store.h"

namespace newsgraph::extraction {

// Thread-safe: ExtractionStore's readers and the registry's readers run
// concurrently with the feed consumer.
class ExtractionServiceImpl final : public newsgraph::v1::ExtractionService::Service {
 public:
  // REQUIRES: `store` outlives the service.
  explicit ExtractionServiceImpl(ExtractionStore* store) : store_(store) {}

  grpc::Status Extract(grpc::ServerContext* context, const newsgraph::v1::ExtractRequest* request,
                       newsgraph::v1::ExtractResponse* response) override;
  grpc::Status GetAnnotations(grpc::ServerContext* context,
                              const newsgraph::v1::GetAnnotationsRequest* request,
                              newsgraph::v1::Annotations* response) override;
  grpc::Status GetEntity(grpc::ServerContext* context,
                         const newsgraph::v1::GetEntityRequest* request,
                         newsgraph::v1::Entity* response) override;
  grpc::Status ListEntities(grpc::ServerContext* context,
                            const newsgraph::v1::ListEntitiesRequest* request,
                            newsgraph::v1::ListEntitiesResponse* response) override;
  grpc::Status AddAlias(grpc::ServerContext* context, const newsgraph::v1::AddAliasRequest* request,
                        newsgraph::v1::AddAliasResponse* response) override;
  grpc::Status WatchAnnotations(
      grpc::ServerContext* context, const newsgraph::v1::WatchAnnotationsRequest* request,
      grpc::ServerWriter<newsgraph::v1::AnnotationChange>* writer) override;

 private:
  ExtractionStore* const store_;
};

}  // namespace newsgraph::extraction

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_GRPC_EXTRACTION_SERVICE_H_
