// libFuzzer target: ParseQuery must never crash, and every error it returns
// must be INVALID_ARGUMENT naming a byte position inside the query.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "services/query/core/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<newsgraph::ParsedQuery> parsed = newsgraph::ParseQuery(query);
  if (!parsed.ok()) {
    if (parsed.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    std::string message(parsed.status().message());
    const std::string prefix = "query: at byte ";
    if (message.compare(0, prefix.size(), prefix) != 0) std::abort();
    size_t position = std::strtoul(message.c_str() + prefix.size(), nullptr, 10);
    if (position > size) std::abort();
  } else {
    for (const auto& group : parsed->required) {
      if (group.empty()) std::abort();
      for (const auto& clause : group) {
        if (clause.terms.empty() || clause.position >= size) std::abort();
      }
    }
  }
  return 0;
}
