// The gRPC face of ingest: converts newsgraph.v1 requests to IngestStore
// calls and results back. No domain logic lives here.
#ifndef NEWSGRAPH_SERVICES_INGEST_GRPC_INGEST_SERVICE_H_
#define NEWSGRAPH_SERVICES_INGEST_GRPC_INGEST_SERVICE_H_

#include <cstddef>

#include "newsgraph/v1/ingest.grpc.pb.h"
#include "services/ingest/core/ingest_store.h"

namespace newsgraph::ingest {

struct IngestServiceOptions {
  // Most articles one BulkIngest stream may carry; more is RESOURCE_EXHAUSTED.
  size_t max_bulk_documents = 10000;
};

// Thread-safe: handlers run concurrently; IngestStore is thread-safe.
class IngestServiceImpl final : public newsgraph::v1::IngestService::Service {
 public:
  // REQUIRES: `store` outlives the service.
  IngestServiceImpl(IngestStore* store, IngestServiceOptions options)
      : store_(store), options_(options) {}

  grpc::Status IngestDocument(grpc::ServerContext* context,
                              const newsgraph::v1::IngestDocumentRequest* request,
                              newsgraph::v1::IngestDocumentResponse* response) override;
  grpc::Status BulkIngest(grpc::ServerContext* context,
                          grpc::ServerReader<newsgraph::v1::IngestDocumentRequest>* reader,
                          newsgraph::v1::BulkIngestResponse* response) override;
  grpc::Status GetDocument(grpc::ServerContext* context,
                           const newsgraph::v1::GetDocumentRequest* request,
                           newsgraph::v1::Document* response) override;
  grpc::Status ListDocuments(grpc::ServerContext* context,
                             const newsgraph::v1::ListDocumentsRequest* request,
                             newsgraph::v1::ListDocumentsResponse* response) override;
  grpc::Status DeleteDocument(grpc::ServerContext* context,
                              const newsgraph::v1::DeleteDocumentRequest* request,
                              newsgraph::v1::DeleteDocumentResponse* response) override;
  grpc::Status WatchChanges(grpc::ServerContext* context,
                            const newsgraph::v1::WatchChangesRequest* request,
                            grpc::ServerWriter<newsgraph::v1::DocumentChange>* writer) override;

 private:
  IngestStore* const store_;
  const IngestServiceOptions options_;
};

// Conversions (exposed for tests and for extraction's feed consumer).
void DocumentToProto(const Document& doc, newsgraph::v1::Document* proto);
Document DocumentFromProto(const newsgraph::v1::Document& proto);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_GRPC_INGEST_SERVICE_H_
