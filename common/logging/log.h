// Minimal structured-enough logging to stderr (Debian's Abseil has no
// absl/log). One line per message: time, level, file:line, message.
//
//   LOG_INFO << "listening on " << address;
//   LOG_ERROR << "feed read failed: " << status;
//
// Thread-safe: each message is written with one fwrite call.
#ifndef NEWSGRAPH_COMMON_LOGGING_LOG_H_
#define NEWSGRAPH_COMMON_LOGGING_LOG_H_

#include <sstream>

namespace newsgraph {

enum class LogLevel { kInfo, kWarning, kError };

class LogMessage {
 public:
  LogMessage(LogLevel level, const char* file, int line);
  ~LogMessage();
  std::ostream& stream() { return stream_; }

 private:
  LogLevel level_;
  std::ostringstream stream_;
};

// Messages below this level are dropped (default kInfo; NEWSGRAPH_LOG_LEVEL
// = info|warning|error overrides it at start).
void SetMinLogLevel(LogLevel level);
bool LogLevelEnabled(LogLevel level);

}  // namespace newsgraph

#define NEWSGRAPH_LOG_(level)                                   \
  if (!::newsgraph::LogLevelEnabled(level)) {                   \
  } else                                                        \
    ::newsgraph::LogMessage(level, __FILE__, __LINE__).stream()

#define LOG_INFO NEWSGRAPH_LOG_(::newsgraph::LogLevel::kInfo)
#define LOG_WARNING NEWSGRAPH_LOG_(::newsgraph::LogLevel::kWarning)
#define LOG_ERROR NEWSGRAPH_LOG_(::newsgraph::LogLevel::kError)

#endif  // NEWSGRAPH_COMMON_LOGGING_LOG_H_
