// Opaque page tokens: a service-private cursor (e.g. the last key returned),
// versioned and checksummed, then web-safe base64 encoded so that callers
// treat it as opaque and a mangled token is detected (INVALID_ARGUMENT)
// rather than silently starting somewhere else.
#ifndef NEWSGRAPH_COMMON_PAGINATION_PAGE_TOKEN_H_
#define NEWSGRAPH_COMMON_PAGINATION_PAGE_TOKEN_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace newsgraph {

// `kind` names what the cursor belongs to ("docs", "search"), so a token of
// one listing is refused by another.
std::string EncodePageToken(std::string_view kind, std::string_view cursor);

// Returns the cursor, or INVALID_ARGUMENT ("page_token: ...") when the token
// is malformed, tampered with or belongs to another listing.
absl::StatusOr<std::string> DecodePageToken(std::string_view kind, std::string_view token);

// Clamps a requested page size: 0 or less -> `default_size`; above `max_size`
// -> INVALID_ARGUMENT naming the limit.
absl::StatusOr<int> CheckPageSize(int requested, int default_size, int max_size);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_PAGINATION_PAGE_TOKEN_H_
