#include "common/logging/log_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/logging/log.h"

ABSL_FLAG(std::string, log_format, "json",
          "stderr log lines: json (one object per line) or text");
ABSL_FLAG(std::string, log_level, "info", "least severe level logged: info, warning or error");

namespace newsgraph {

std::vector<std::string> LogFlagNames() { return {"log_format", "log_level"}; }

absl::Status ApplyLogFlags() {
  const std::string format = absl::GetFlag(FLAGS_log_format);
  if (format == "json") {
    SetLogFormat(LogFormat::kJson);
  } else if (format == "text") {
    SetLogFormat(LogFormat::kText);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_format=", format, ": expected json or text"));
  }
  const std::string level = absl::GetFlag(FLAGS_log_level);
  if (level == "info") {
    SetMinLogLevel(LogLevel::kInfo);
  } else if (level == "warning") {
    SetMinLogLevel(LogLevel::kWarning);
  } else if (level == "error") {
    SetMinLogLevel(LogLevel::kError);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_level=", level, ": expected info, warning or error"));
  }
  return absl::OkStatus();
}

}  // namespace newsgraph
