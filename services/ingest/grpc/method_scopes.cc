// The token scope each IngestService method needs (scopes and the tokens
// file: common/grpc/security.h). A method missing here can only be called
// with a full-access token; tests/security/method_scopes_test checks that
// every RPC of the proto is listed.
#include "common/grpc/security.h"

namespace newsgraph::ingest {
namespace {

// One method per line.
// clang-format off
constexpr MethodScope kMethodScopes[] = {
    {"IngestDocument", Scope::kWrite},
    {"BulkIngest", Scope::kWrite},
    {"DeleteDocument", Scope::kWrite},
    {"GetDocument", Scope::kRead},
    {"ListDocuments", Scope::kRead},
    {"WatchChanges", Scope::kFeed},
};
// clang-format on

[[maybe_unused]] const bool kRegistered =
    RegisterMethodScopes("newsgraph.v1.IngestService", kMethodScopes);

}  // namespace
}  // namespace newsgraph::ingest
