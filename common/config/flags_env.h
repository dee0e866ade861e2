// Flags from the command line or the environment.
//
// Every server flag --some_flag can also be set as NEWSGRAPH_SOME_FLAG in the
// environment (what containers and Kubernetes ConfigMaps use). The command
// line wins over the environment; the environment wins over the default.
#ifndef NEWSGRAPH_COMMON_CONFIG_FLAGS_ENV_H_
#define NEWSGRAPH_COMMON_CONFIG_FLAGS_ENV_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace newsgraph {

// Sets each named flag from NEWSGRAPH_<UPPERCASE NAME> when that variable
// exists. Call before absl::ParseCommandLine. Fails with INVALID_ARGUMENT
// naming the variable when a value does not parse.
absl::Status ApplyFlagsFromEnvironment(const std::vector<std::string>& flag_names);

// Parses the command line after applying the environment; exits with a
// message on a bad value (as absl::ParseCommandLine does).
void ParseFlagsWithEnvironment(int argc, char** argv,
                               const std::vector<std::string>& flag_names);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_CONFIG_FLAGS_ENV_H_
