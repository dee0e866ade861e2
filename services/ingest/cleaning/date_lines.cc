#include "services/ingest/cleaning/date_lines.h"

#include "services/ingest/cleaning/string_view_compat.h"

#include "absl/strings/ascii.h"
#include "common/text/dates.h"
#include "common/text/tokenizer.h"

namespace newsgraph {
namespace cleaning {
namespace {

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsWeekday(std::string_view word) {
  static constexpr const char* kDays[] = {"monday",   "tuesday", "wednesday",
                                          "thursday", "friday",  "saturday",
                                          "sunday"};
  const std::string lower = absl::AsciiStrToLower(Av(word));
  for (const char* day : kDays) {
    const std::string_view d(day);
    if (lower == d || (lower.size() == 3 && d.substr(0, 3) == lower)) {
      return true;
    }
  }
  return false;
}

// A full date: day, month and written year ("YYYY-MM-DD..."), not relative.
bool IsFullDate(const DateMatch& match) {
  return match.has_year && !match.relative && match.iso.size() >= 10 &&
         match.iso[0] != 'X';
}

// A full date always has a four-digit year; most lines have none, and the
// grammar need not run on them.
bool HasFourDigits(std::string_view text) {
  int run = 0;
  for (char c : text) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run == 4) return true;
  }
  return false;
}

}  // namespace

std::vector<FullDate> FindFullDates(std::string_view text) {
  std::vector<FullDate> out;
  if (!HasFourDigits(text)) return out;
  const std::vector<Token> tokens = Tokenize(text);
  for (const DateMatch& match : FindDates(text, tokens, nullptr)) {
    if (!IsFullDate(match)) continue;
    FullDate date;
    date.begin = match.begin;
    date.end = match.end;
    date.iso = match.iso;
    // "Tuesday, 2 june 2020": the weekday is inside the match or just
    // before it.
    size_t w = match.begin;
    while (w < text.size() && IsAlpha(text[w])) ++w;
    if (IsWeekday(text.substr(match.begin, w - match.begin))) {
      date.weekday = true;
    } else {
      size_t q = match.begin;
      while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == ',')) --q;
      size_t b = q;
      while (b > 0 && IsAlpha(text[b - 1])) --b;
      if (b < q && IsWeekday(text.substr(b, q - b))) {
        date.weekday = true;
        date.begin = b;
      }
    }
    out.push_back(std::move(date));
  }
  return out;
}

std::optional<std::string> NormalizeMarkupDate(std::string_view value) {
  value = Sv(absl::StripAsciiWhitespace(Av(value)));
  std::optional<DateMatch> match = ParseDate(value);
  if (match && IsFullDate(*match)) return match->iso;
  std::vector<FullDate> dates = FindFullDates(value);
  if (dates.empty()) return std::nullopt;
  return dates.front().iso;
}

}  // namespace cleaning
}  // namespace newsgraph
