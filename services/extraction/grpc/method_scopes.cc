// The token scope each ExtractionService method needs (scopes and the tokens
// file: common/grpc/security.h). A method missing here can only be called
// with a full-access token; tests/security/method_scopes_test checks that
// every RPC of the proto is listed.
#include "common/grpc/security.h"

namespace newsgraph::extraction {
namespace {

// One method per line.
// clang-format off
constexpr MethodScope kMethodScopes[] = {
    // Extract stores nothing: a computation that a read token may ask for.
    {"Extract", Scope::kRead},
    {"GetAnnotations", Scope::kRead},
    {"GetEntity", Scope::kRead},
    {"ListEntities", Scope::kRead},
    {"AddAlias", Scope::kWrite},
    {"WatchAnnotations", Scope::kFeed},
};
// clang-format on

[[maybe_unused]] const bool kRegistered =
    RegisterMethodScopes("newsgraph.v1.ExtractionService", kMethodScopes);

}  // namespace
}  // namespace newsgraph::extraction
