// Debian's Abseil is built with its own absl::string_view, distinct from
// std::string_view; these convert between the two at absl call sites.
#ifndef NEWSGRAPH_SERVICES_INGEST_CLEANING_STRING_VIEW_COMPAT_H_
#define NEWSGRAPH_SERVICES_INGEST_CLEANING_STRING_VIEW_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace newsgraph {
namespace cleaning {

inline absl::string_view Av(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view Sv(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace cleaning
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_INGEST_CLEANING_STRING_VIEW_COMPAT_H_
