// The gRPC face of the query service: converts newsgraph.v1 requests to
// QueryIndex calls and results back. No domain logic lives here.
#ifndef NEWSGRAPH_SERVICES_QUERY_GRPC_QUERY_SERVICE_H_
#define NEWSGRAPH_SERVICES_QUERY_GRPC_QUERY_SERVICE_H_

#include "newsgraph/v1/query.grpc.pb.h"
#include "services/query/core/query_index.h"

namespace newsgraph::query {

// Thread-safe: QueryIndex allows concurrent readers beside the feed writer.
class QueryServiceImpl final : public newsgraph::v1::QueryService::Service {
 public:
  // REQUIRES: `index` outlives the service.
  explicit QueryServiceImpl(const QueryIndex* index) : index_(index) {}

  grpc::Status Search(grpc::ServerContext* context, const newsgraph::v1::SearchRequest* request,
                      newsgraph::v1::SearchResponse* response) override;
  grpc::Status GetEntityProfile(grpc::ServerContext* context,
                                const newsgraph::v1::GetEntityProfileRequest* request,
                                newsgraph::v1::EntityProfile* response) override;
  grpc::Status GetCoOccurrences(grpc::ServerContext* context,
                                const newsgraph::v1::GetCoOccurrencesRequest* request,
                                newsgraph::v1::GetCoOccurrencesResponse* response) override;
  grpc::Status GetTimeline(grpc::ServerContext* context,
                           const newsgraph::v1::GetTimelineRequest* request,
                           newsgraph::v1::GetTimelineResponse* response) override;
  grpc::Status SearchQuotes(grpc::ServerContext* context,
                            const newsgraph::v1::SearchQuotesRequest* request,
                            newsgraph::v1::SearchQuotesResponse* response) override;
  grpc::Status GetStats(grpc::ServerContext* context, const newsgraph::v1::GetStatsRequest* request,
                        newsgraph::v1::Stats* response) override;

 private:
  const QueryIndex* const index_;
};

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_GRPC_QUERY_SERVICE_H_
