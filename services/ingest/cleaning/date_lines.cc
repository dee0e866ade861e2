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
// ... and either a month name or digits joined by '-', '.' or '/'
// ("2024-03-14", "14.03.2024"): a cheap test before the grammar runs.
bool MayHoldFullDate(std::string_view text) {
  int run = 0;
  bool four_digits = false, numeric_date = false, month = false;
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr",
                                            "may", "jun", "jul", "aug",
                                            "sep", "oct", "nov", "dec"};
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run == 4) four_digits = true;
    if ((c == '-' || c == '.' || c == '/') && i > 0 && i + 1 < text.size() &&
        text[i - 1] >= '0' && text[i - 1] <= '9' && text[i + 1] >= '0' &&
        text[i + 1] <= '9') {
      numeric_date = true;
    }
    if (!month && i + 3 <= text.size() && IsAlpha(c) &&
        (i == 0 || !IsAlpha(text[i - 1]))) {
      const char lower[3] = {absl::ascii_tolower(c),
                             absl::ascii_tolower(text[i + 1]),
                             absl::ascii_tolower(text[i + 2])};
      for (const char* name : kMonths) {
        if (lower[0] == name[0] && lower[1] == name[1] &&
            lower[2] == name[2]) {
          month = true;
          break;
        }
      }
    }
  }
  return four_digits && (numeric_date || month);
}

}  // namespace

std::vector<FullDate> FindFullDates(std::string_view text) {
  std::vector<FullDate> out;
  if (!MayHoldFullDate(text)) return out;
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
