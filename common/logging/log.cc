#include "common/logging/log.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace newsgraph {
namespace {

LogLevel InitialLevel() {
  const char* env = std::getenv("NEWSGRAPH_LOG_LEVEL");
  if (env == nullptr) return LogLevel::kInfo;
  if (std::strcmp(env, "warning") == 0) return LogLevel::kWarning;
  if (std::strcmp(env, "error") == 0) return LogLevel::kError;
  return LogLevel::kInfo;
}

std::atomic<int>& MinLevel() {
  static std::atomic<int> level(static_cast<int>(InitialLevel()));
  return level;
}

std::atomic<int> g_format{static_cast<int>(LogFormat::kText)};

std::string& RequestIdSlot() {
  thread_local std::string request_id;
  return request_id;
}

const char* LevelLetter(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "I";
    case LogLevel::kWarning: return "W";
    case LogLevel::kError: return "E";
  }
  return "?";
}

const char* LevelWord(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "unknown";
}

// Length of the valid UTF-8 sequence at the start of `s`, or, when it is
// invalid, minus the length of its maximal invalid subpart (at least 1).
int Utf8SequenceLength(const unsigned char* s, size_t available) {
  const unsigned char lead = s[0];
  int length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return -1;
  }
  for (int i = 1; i < length; ++i) {
    if (static_cast<size_t>(i) >= available) return -i;
    const unsigned char c = s[i];
    const unsigned char lo = i == 1 ? low : 0x80;
    const unsigned char hi = i == 1 ? high : 0xBF;
    if (c < lo || c > hi) return -i;
  }
  return length;
}

}  // namespace

void AppendJsonString(absl::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->reserve(out->size() + text.size() + 2);
  out->push_back('"');
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
  while (i < text.size()) {
    // Runs of printable ASCII other than '"' and '\\' (most of any log
    // line) are copied at once.
    size_t run = i;
    while (run < text.size() && bytes[run] >= 0x20 && bytes[run] < 0x7F && bytes[run] != '"' &&
           bytes[run] != '\\') {
      ++run;
    }
    out->append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    const unsigned char c = bytes[i];
    if (c < 0x80) {
      switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out->append("\\u00");
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 0xF]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    const int length = Utf8SequenceLength(bytes + i, text.size() - i);
    if (length > 0) {
      out->append(text.data() + i, length);
      i += length;
    } else {
      out->append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
      i += -length;
    }
  }
  out->push_back('"');
}

void SetMinLogLevel(LogLevel level) { MinLevel().store(static_cast<int>(level)); }

bool LogLevelEnabled(LogLevel level) {
  return static_cast<int>(level) >= MinLevel().load(std::memory_order_relaxed);
}

void SetLogFormat(LogFormat format) { g_format.store(static_cast<int>(format)); }

void SetThreadRequestId(absl::string_view request_id) {
  RequestIdSlot().assign(request_id.data(), request_id.size());
}

const std::string& ThreadRequestId() { return RequestIdSlot(); }

LogMessage::LogMessage(LogLevel level, const char* file, int line)
    : level_(level), file_(file), line_(line) {}

LogMessage& LogMessage::AddField(const char* key, absl::string_view value) {
  std::string json;
  AppendJsonString(value, &json);
  fields_.emplace_back(key, std::move(json));
  return *this;
}

LogMessage& LogMessage::AddField(const char* key, double value) {
  // JSON has no NaN or infinity.
  fields_.emplace_back(key, std::isfinite(value) ? absl::StrCat(value) : "null");
  return *this;
}

LogMessage& LogMessage::SetRequestId(absl::string_view request_id) {
  has_request_id_ = true;
  request_id_.assign(request_id.data(), request_id.size());
  return *this;
}

LogMessage::~LogMessage() {
  const char* base = std::strrchr(file_, '/');
  const char* source = base != nullptr ? base + 1 : file_;
  const std::string time =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  const std::string& request_id = has_request_id_ ? request_id_ : ThreadRequestId();
  std::string line;
  if (static_cast<LogFormat>(g_format.load(std::memory_order_relaxed)) == LogFormat::kJson) {
    absl::StrAppend(&line, "{\"time\":\"", time, "\",\"level\":\"", LevelWord(level_),
                    "\",\"message\":");
    AppendJsonString(stream_.str(), &line);
    line.append(",\"source\":");
    AppendJsonString(absl::StrCat(source, ":", line_), &line);
    if (!request_id.empty()) {
      line.append(",\"request_id\":");
      AppendJsonString(request_id, &line);
    }
    for (const auto& [key, value] : fields_) absl::StrAppend(&line, ",\"", key, "\":", value);
    line.append("}\n");
  } else {
    absl::StrAppend(&line, time, " ", LevelLetter(level_), " ", source, ":", line_, "] ",
                    stream_.str());
    if (!request_id.empty()) absl::StrAppend(&line, " request_id=", request_id);
    for (const auto& [key, value] : fields_) absl::StrAppend(&line, " ", key, "=", value);
    line.push_back('\n');
  }
  std::fwrite(line.data(), 1, line.size(), stderr);
  // stderr is unbuffered on a terminal but may be buffered when redirected;
  // errors must reach the log even if the process dies right after.
  if (level_ == LogLevel::kError) std::fflush(stderr);
}

}  // namespace newsgraph
