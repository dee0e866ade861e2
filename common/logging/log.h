// Logging to stderr (Debian's Abseil has no absl/log), one line per message,
// in one of two formats:
//   text: 2026-11-23T00:38:14.123Z I server_runner.cc:201] listening on ...
//   json: {"time":"2026-11-23T00:38:14.123Z","level":"info","message":"listening on ...",
//          "source":"server_runner.cc:201","request_id":"5f0c9a1e2b7d4c38"}
// A JSON line is one object (strings escaped, invalid UTF-8 replaced by
// U+FFFD), so log collectors can parse it without a custom grammar.
// "request_id" is present when the message was logged by a thread serving
// an RPC (see SetThreadRequestId); extra fields (AddField) follow it.
//
//   LOG_INFO << "listening on " << address;
//   LOG_ERROR << "feed read failed: " << status;
//
// The library default is text (tools and tests); the servers choose with
// --log_format and --log_level (common/logging/log_flags.h).
//
// Thread-safe: each message is written with one fwrite call.
#ifndef NEWSGRAPH_COMMON_LOGGING_LOG_H_
#define NEWSGRAPH_COMMON_LOGGING_LOG_H_

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace newsgraph {

enum class LogLevel { kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

class LogMessage {
 public:
  LogMessage(LogLevel level, const char* file, int line);
  ~LogMessage();
  std::ostream& stream() { return stream_; }

  // An extra field: JSON "key":"value" (or a number), text " key=value".
  // REQUIRES: `key` is a plain identifier (it is not escaped).
  LogMessage& AddField(const char* key, absl::string_view value);
  LogMessage& AddField(const char* key, double value);
  // The request id of this message (instead of the thread's).
  LogMessage& SetRequestId(absl::string_view request_id);

 private:
  LogLevel level_;
  const char* file_;
  int line_;
  std::ostringstream stream_;
  bool has_request_id_ = false;
  std::string request_id_;
  std::vector<std::pair<const char*, std::string>> fields_;  // value already JSON
};

// Messages below this level are dropped (default kInfo; NEWSGRAPH_LOG_LEVEL
// = info|warning|error overrides it at start).
void SetMinLogLevel(LogLevel level);
bool LogLevelEnabled(LogLevel level);
void SetLogFormat(LogFormat format);

// The request id logged with the calling thread's messages ("" = none). Set
// by the RPC interceptor while a call's handler runs on the thread.
void SetThreadRequestId(absl::string_view request_id);
const std::string& ThreadRequestId();

// Appends `text` as a JSON string literal (with the quotes): escapes '"',
// '\\' and control characters (\n, \t, ..., \u00XX, also DEL), keeps valid
// UTF-8 as is and replaces each maximal invalid UTF-8 subsequence with
// U+FFFD (as the Unicode standard recommends).
void AppendJsonString(absl::string_view text, std::string* out);

}  // namespace newsgraph

#define NEWSGRAPH_LOG_(level)                                   \
  if (!::newsgraph::LogLevelEnabled(level)) {                   \
  } else                                                        \
    ::newsgraph::LogMessage(level, __FILE__, __LINE__).stream()

#define LOG_INFO NEWSGRAPH_LOG_(::newsgraph::LogLevel::kInfo)
#define LOG_WARNING NEWSGRAPH_LOG_(::newsgraph::LogLevel::kWarning)
#define LOG_ERROR NEWSGRAPH_LOG_(::newsgraph::LogLevel::kError)

#endif  // NEWSGRAPH_COMMON_LOGGING_LOG_H_
