// Logging flags shared by the server binaries:
//   --log_format=json|text  (default json: one JSON object per line, what
//                            container log collectors parse)
//   --log_level=info|warning|error  (default info)
// As every server flag they can come from the environment
// (NEWSGRAPH_LOG_FORMAT, NEWSGRAPH_LOG_LEVEL; see common/config/flags_env.h).
#ifndef NEWSGRAPH_COMMON_LOGGING_LOG_FLAGS_H_
#define NEWSGRAPH_COMMON_LOGGING_LOG_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace newsgraph {

// The logging flags' names (for ParseFlagsWithEnvironment).
std::vector<std::string> LogFlagNames();

// Sets the log format and level from the flags. INVALID_ARGUMENT naming
// the flag for a value outside the lists above.
absl::Status ApplyLogFlags();

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_LOGGING_LOG_FLAGS_H_
