// Every RPC of every newsgraph service declares the token scope it needs
// (services/<svc>/grpc/method_scopes.cc). An RPC added to a proto without a
// table entry would only be callable with a full-access token; this test
// names it instead. The tables register themselves when the services' grpc
// libraries are linked, as in the server binaries.
#include <string>

#include "common/grpc/security.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "newsgraph/v1/extraction.grpc.pb.h"
#include "newsgraph/v1/ingest.grpc.pb.h"
#include "newsgraph/v1/query.grpc.pb.h"

namespace newsgraph {
namespace {

namespace v1 = newsgraph::v1;

TEST(MethodScopesTest, EveryRpcOfEveryServiceHasAScope) {
  // A message of each proto file leads to its service (and keeps the
  // generated code linked).
  const google::protobuf::FileDescriptor* files[] = {
      v1::IngestDocumentRequest::descriptor()->file(),
      v1::ExtractRequest::descriptor()->file(),
      v1::SearchRequest::descriptor()->file(),
  };
  for (const google::protobuf::FileDescriptor* file : files) {
    ASSERT_EQ(file->service_count(), 1) << file->name();
    const google::protobuf::ServiceDescriptor* service = file->service(0);
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string path = "/" + service->full_name() + "/" + service->method(i)->name();
      EXPECT_TRUE(RequiredScope(path).has_value()) << path << " declares no scope";
    }
  }
}

// The feeds need the feed scope (a read token must not follow them); writes
// need write.
TEST(MethodScopesTest, FeedsAndWritesAreSeparateFromReads) {
  EXPECT_EQ(RequiredScope("/newsgraph.v1.IngestService/WatchChanges"), Scope::kFeed);
  EXPECT_EQ(RequiredScope("/newsgraph.v1.ExtractionService/WatchAnnotations"), Scope::kFeed);
  EXPECT_EQ(RequiredScope("/newsgraph.v1.IngestService/IngestDocument"), Scope::kWrite);
  EXPECT_EQ(RequiredScope("/newsgraph.v1.IngestService/BulkIngest"), Scope::kWrite);
  EXPECT_EQ(RequiredScope("/newsgraph.v1.IngestService/DeleteDocument"), Scope::kWrite);
  EXPECT_EQ(RequiredScope("/newsgraph.v1.ExtractionService/AddAlias"), Scope::kWrite);
  EXPECT_EQ(RequiredScope("/newsgraph.v1.QueryService/Search"), Scope::kRead);
}

}  // namespace
}  // namespace newsgraph
