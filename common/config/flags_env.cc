#include "common/config/flags_env.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace newsgraph {

absl::Status ApplyFlagsFromEnvironment(const std::vector<std::string>& flag_names) {
  for (const std::string& name : flag_names) {
    const std::string variable = absl::StrCat("NEWSGRAPH_", absl::AsciiStrToUpper(name));
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) {
      return absl::InternalError(absl::StrCat("no flag named --", name));
    }
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat(variable, "=", value, ": ", error));
    }
  }
  return absl::OkStatus();
}

void ParseFlagsWithEnvironment(int argc, char** argv,
                               const std::vector<std::string>& flag_names) {
  absl::Status status = ApplyFlagsFromEnvironment(flag_names);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    std::exit(2);
  }
  absl::ParseCommandLine(argc, argv);
}

}  // namespace newsgraph
