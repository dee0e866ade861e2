// The token scope each QueryService method needs (scopes and the tokens
// file: common/grpc/security.h). A method missing here can only be called
// with a full-access token; tests/security/method_scopes_test checks that
// every RPC of the proto is listed.
#include "common/grpc/security.h"

namespace newsgraph::query {
namespace {

// One method per line.
// clang-format off
constexpr MethodScope kMethodScopes[] = {
    {"Search", Scope::kRead},
    {"GetEntityProfile", Scope::kRead},
    {"GetCoOccurrences", Scope::kRead},
    {"GetTimeline", Scope::kRead},
    {"SearchQuotes", Scope::kRead},
    {"GetStats", Scope::kRead},
};
// clang-format on

[[maybe_unused]] const bool kRegistered =
    RegisterMethodScopes("newsgraph.v1.QueryService", kMethodScopes);

}  // namespace
}  // namespace newsgraph::query
