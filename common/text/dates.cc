// The date grammar: a hand-written matcher over tokens. At each token it tries
// the longer forms first (weekday + full date + time) and takes the first
// that matches, then continues after the match, so matches never overlap.

#include "common/text/dates.h"

#include <cstdio>
#include <unordered_map>

#include "absl/strings/ascii.h"

namespace newsgraph {
namespace {

// ---------------------------------------------------------------------------
// Keywords.

enum class Kw : uint8_t {
  kNone,
  kMonth,      // value 1..12
  kWeekday,    // value 0 = Monday .. 6 = Sunday
  kToday,      // value: day offset from the reference (-1, 0, +1)
  kShift,      // last (-1), this (0), next (+1)
  kUnit,       // value 1 = year, 2 = month, 3 = week
  kAm,
  kPm,
  kTimezone,   // GMT, UTC (ParseDate only)
  kOrdinal,    // first (1) .. fourth (4)
};

struct Keyword {
  Kw kind = Kw::kNone;
  int value = 0;
  bool abbreviation = false;  // "Oct", "Sept", "Tue": not a full name
};

const std::unordered_map<std::string_view, Keyword>& KeywordTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, Keyword>();
    const char* const kMonths[] = {"january", "february", "march",
                                   "april",   "may",      "june",
                                   "july",    "august",   "september",
                                   "october", "november", "december"};
    const char* const kMonthAbbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int m = 0; m < 12; ++m) {
      (*t)[kMonths[m]] = {Kw::kMonth, m + 1, false};
      if (m != 4) (*t)[kMonthAbbr[m]] = {Kw::kMonth, m + 1, true};
    }
    (*t)["sept"] = {Kw::kMonth, 9, true};
    const char* const kWeekdays[] = {"monday", "tuesday",  "wednesday",
                                     "thursday", "friday", "saturday",
                                     "sunday"};
    for (int d = 0; d < 7; ++d) (*t)[kWeekdays[d]] = {Kw::kWeekday, d, false};
    (*t)["mon"] = {Kw::kWeekday, 0, true};
    (*t)["tue"] = {Kw::kWeekday, 1, true};
    (*t)["tues"] = {Kw::kWeekday, 1, true};
    (*t)["wed"] = {Kw::kWeekday, 2, true};
    (*t)["thu"] = {Kw::kWeekday, 3, true};
    (*t)["thur"] = {Kw::kWeekday, 3, true};
    (*t)["thurs"] = {Kw::kWeekday, 3, true};
    (*t)["fri"] = {Kw::kWeekday, 4, true};
    (*t)["sat"] = {Kw::kWeekday, 5, true};
    (*t)["sun"] = {Kw::kWeekday, 6, true};
    (*t)["today"] = {Kw::kToday, 0, false};
    (*t)["tonight"] = {Kw::kToday, 0, false};
    (*t)["yesterday"] = {Kw::kToday, -1, false};
    (*t)["tomorrow"] = {Kw::kToday, 1, false};
    (*t)["last"] = {Kw::kShift, -1, false};
    (*t)["this"] = {Kw::kShift, 0, false};
    (*t)["next"] = {Kw::kShift, 1, false};
    (*t)["year"] = {Kw::kUnit, 1, false};
    (*t)["month"] = {Kw::kUnit, 2, false};
    (*t)["week"] = {Kw::kUnit, 3, false};
    (*t)["quarter"] = {Kw::kUnit, 4, false};
    (*t)["first"] = {Kw::kOrdinal, 1, false};
    (*t)["second"] = {Kw::kOrdinal, 2, false};
    (*t)["third"] = {Kw::kOrdinal, 3, false};
    (*t)["fourth"] = {Kw::kOrdinal, 4, false};
    (*t)["am"] = {Kw::kAm, 0, false};
    (*t)["a.m"] = {Kw::kAm, 0, false};
    (*t)["pm"] = {Kw::kPm, 0, false};
    (*t)["p.m"] = {Kw::kPm, 0, false};
    (*t)["gmt"] = {Kw::kTimezone, 0, false};
    (*t)["utc"] = {Kw::kTimezone, 0, false};
    return t;
  }();
  return *table;
}

// Lower-cases `word` (ASCII, up to 15 bytes) into `buf`, without a trailing
// period; returns "" when the word cannot be a keyword.
std::string_view LowerKey(std::string_view word, char* buf, bool* had_period) {
  *had_period = !word.empty() && word.back() == '.';
  if (*had_period) word.remove_suffix(1);
  if (word.size() < 2 || word.size() > 15) return {};
  for (size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 0x80) return {};
    buf[i] = static_cast<char>(absl::ascii_tolower(c));
  }
  return std::string_view(buf, word.size());
}

// The value of `digits` when it is nothing but ASCII digits (at most 9).
bool DigitsValue(std::string_view digits, int* value) {
  if (digits.empty() || digits.size() > 9) return false;
  int v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

// Words before a bare year that make it a date ("in 2024", "by 2025").
bool IsYearContext(std::string_view lower) {
  static constexpr std::string_view kWords[] = {
      "in", "by", "since", "until", "till", "from", "through", "before",
      "after", "during", "of", "early", "late", "mid", "year", "end",
      "beginning", "start", "fiscal", "spring", "summer", "autumn", "fall",
      "winter", "throughout", "for", "between"};
  for (std::string_view w : kWords) {
    if (w == lower) return true;
  }
  return false;
}

// Words before a bare month name that make it a date ("in March").
bool IsMonthContext(std::string_view lower, bool is_may) {
  static constexpr std::string_view kWords[] = {
      "in", "since", "until", "till", "by", "during", "early", "late", "mid",
      "throughout", "end", "beginning", "start"};
  for (std::string_view w : kWords) {
    if (w == lower) return true;
  }
  if (lower == "from" || lower == "of") return true;
  if (!is_may) {
    return lower == "through" || lower == "before" || lower == "after";
  }
  return false;
}

// ---------------------------------------------------------------------------
// Day arithmetic and formatting.

std::string FormatDay(int64_t y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", static_cast<long long>(y),
                m, d);
  return buf;
}

std::string FormatMonth(int64_t y, int m) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02d", static_cast<long long>(y), m);
  return buf;
}

std::string FormatYear(int64_t y) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld", static_cast<long long>(y));
  return buf;
}

bool ValidDay(int64_t y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  CivilDay day(y, m, d);
  return day.year() == y && day.month() == m && day.day() == d;
}

int WeekdayIndex(const CivilDay& day) {  // Monday = 0
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday: return 0;
    case absl::Weekday::tuesday: return 1;
    case absl::Weekday::wednesday: return 2;
    case absl::Weekday::thursday: return 3;
    case absl::Weekday::friday: return 4;
    case absl::Weekday::saturday: return 5;
    case absl::Weekday::sunday: return 6;
  }
  return 0;
}

void SetDay(const CivilDay& day, DateMatch* m) {
  m->iso = FormatIsoDay(day);
  m->range_begin = m->iso;
  m->range_end = m->iso;
}

void SetMonth(int64_t y, int month, DateMatch* m) {
  m->iso = FormatMonth(y, month);
  CivilDay first(y, month, 1);
  CivilDay last = CivilDay(absl::CivilMonth(first) + 1) - 1;
  m->range_begin = FormatIsoDay(first);
  m->range_end = FormatIsoDay(last);
}

void SetYear(int64_t y, DateMatch* m) {
  m->iso = FormatYear(y);
  m->range_begin = FormatDay(y, 1, 1);
  m->range_end = FormatDay(y, 12, 31);
}

// A quarter ("2024-Q3") or half ("2023-H1") of a year; `months` is 3 or 6
// and `index` counts from 1.
void SetPart(int64_t y, int months, int index, DateMatch* m) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%c%d", static_cast<long long>(y),
                months == 3 ? 'Q' : 'H', index);
  m->iso = buf;
  int first_month = (index - 1) * months + 1;
  CivilDay first(y, first_month, 1);
  CivilDay last = CivilDay(absl::CivilMonth(first) + months) - 1;
  m->range_begin = FormatIsoDay(first);
  m->range_end = FormatIsoDay(last);
}

// A decade, written as ISO 8601-2 does with an unspecified last digit: the
// 1990s are "199X".
void SetDecade(int64_t first_year, DateMatch* m) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%03lldX",
                static_cast<long long>(first_year / 10));
  m->iso = buf;
  m->range_begin = FormatDay(first_year, 1, 1);
  m->range_end = FormatDay(first_year + 9, 12, 31);
}

void SetWeek(const CivilDay& any_day, DateMatch* m) {
  CivilDay monday = any_day - WeekdayIndex(any_day);
  CivilDay thursday = monday + 3;
  int week = (absl::GetYearDay(thursday) - 1) / 7 + 1;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-W%02d",
                static_cast<long long>(thursday.year()), week);
  m->iso = buf;
  m->range_begin = FormatIsoDay(monday);
  m->range_end = FormatIsoDay(monday + 6);
}

// The year of a month written without one when the tense says nothing: the
// occurrence of that month nearest to the reference ("December" in a March 2021 article is December
// 2020; "January" in an October 2019 article is January 2020).
int64_t NearestYear(const CivilDay& reference, int month) {
  int diff = month - reference.month();
  if (diff > 6) return reference.year() - 1;
  if (diff < -6) return reference.year() + 1;
  return reference.year();
}

// ---------------------------------------------------------------------------
// The matcher.

struct Time {
  int hour = 0;
  int minute = 0;
};

class Finder {
 public:
  Finder(std::string_view text, const std::vector<Token>& tokens,
         const CivilDay* reference, bool standalone)
      : text_(text),
        tokens_(tokens),
        n_(tokens.size()),
        reference_(reference),
        standalone_(standalone) {}

  std::vector<DateMatch> Run() {
    std::vector<DateMatch> out;
    size_t i = 0;
    while (i < n_) {
      DateMatch m;
      size_t next = 0;
      if (MatchAt(i, &m, &next)) {
        m.begin = tokens_[i].begin;
        m.end = tokens_[next - 1].end;
        out.push_back(std::move(m));
        last_match_end_ = next;
        last_match_was_year_ = out.back().iso.size() == 4 && out.back().has_year;
        i = next;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  std::string_view Text(size_t i) const { return tokens_[i].text(text_); }

  bool Glued(size_t i) const { return i < n_ && !tokens_[i].space_before; }

  bool Is(size_t i, std::string_view s) const { return i < n_ && Text(i) == s; }

  Keyword Key(size_t i) const {
    if (i >= n_ || tokens_[i].kind != TokenKind::kWord) return {};
    char buf[16];
    bool had_period;
    std::string_view lower = LowerKey(Text(i), buf, &had_period);
    if (lower.empty()) return {};
    const auto& table = KeywordTable();
    auto it = table.find(lower);
    if (it == table.end()) return {};
    Keyword k = it->second;
    // Only abbreviations (and "a.m.") may carry a period.
    if (had_period && !k.abbreviation && k.kind != Kw::kAm &&
        k.kind != Kw::kPm) {
      return {};
    }
    return k;
  }

  // The lower-cased word at token i ("" if none or too long).
  std::string_view Lower(size_t i, char* buf) const {
    if (i >= n_ || tokens_[i].kind != TokenKind::kWord) return {};
    bool had_period;
    std::string_view lower = LowerKey(Text(i), buf, &had_period);
    return had_period ? std::string_view() : lower;
  }

  // A plain run of ASCII digits of the given length range.
  bool Digits(size_t i, size_t min_len, size_t max_len, int* value) const {
    if (i >= n_ || tokens_[i].kind != TokenKind::kNumber) return false;
    std::string_view t = Text(i);
    if (t.size() < min_len || t.size() > max_len) return false;
    return DigitsValue(t, value);
  }

  // A day of the month: "3", "03", "3rd", "14th".
  bool Day(size_t i, int* day) const {
    int v;
    if (Digits(i, 1, 2, &v)) {
      if (v < 1 || v > 31) return false;
      // "14:30" is a time, "3.5" was never a plain number.
      if (i + 1 < n_ && Glued(i + 1) && (Is(i + 1, ":") || Is(i + 1, "%"))) {
        return false;
      }
      *day = v;
      return true;
    }
    if (i >= n_ || tokens_[i].kind != TokenKind::kWord) return false;
    std::string_view t = Text(i);
    if (t.size() < 3 || t.size() > 4) return false;
    size_t digits = 0;
    v = 0;
    while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') {
      v = v * 10 + (t[digits] - '0');
      ++digits;
    }
    if (digits == 0 || digits > 2 || t.size() - digits != 2) return false;
    std::string suffix(t.substr(digits));
    for (char& c : suffix) c = absl::ascii_tolower(static_cast<unsigned char>(c));
    if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
      return false;
    }
    if (v < 1 || v > 31) return false;
    *day = v;
    return true;
  }

  // A year written with four digits inside a full date.
  bool Year(size_t i, int* year) const {
    int v;
    if (!Digits(i, 4, 4, &v) || v < 1800 || v > 2200) return false;
    // "2021-2022" after a date still ends the date at 2021; "2021%" is not.
    if (i + 1 < n_ && Glued(i + 1) && Is(i + 1, "%")) return false;
    *year = v;
    return true;
  }

  // "09:40", "9:40:00", "10:05 a.m.", "4 pm" is not taken (no minutes).
  bool TimeAt(size_t i, Time* time, size_t* next) const {
    int h, m;
    if (!Digits(i, 1, 2, &h) || h > 23) return false;
    if (!(Glued(i + 1) && Is(i + 1, ":") && Glued(i + 2) &&
          Digits(i + 2, 2, 2, &m) && m <= 59)) {
      return false;
    }
    size_t j = i + 3;
    int s;
    if (Glued(j) && Is(j, ":") && Glued(j + 1) && Digits(j + 1, 2, 2, &s)) {
      j += 2;
    }
    Keyword k = Key(j);
    if (k.kind == Kw::kAm || k.kind == Kw::kPm) {
      if (h < 1 || h > 12) return false;
      if (k.kind == Kw::kPm && h < 12) h += 12;
      if (k.kind == Kw::kAm && h == 12) h = 0;
      ++j;
    }
    time->hour = h;
    time->minute = m;
    *next = j;
    return true;
  }

  // An optional time after a full date: "[,|-|–|—|at] HH:MM".
  void MaybeTime(size_t j, DateMatch* m, size_t* next) const {
    size_t k = j;
    if (k < n_) {
      std::string_view t = Text(k);
      if (t == "," || t == "-" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94" ||
          t == "|" || t == "at" || t == "@") {
        ++k;
      }
    }
    Time time;
    size_t end;
    if (k < n_ && (k == j || !tokens_[k].starts_paragraph) &&
        TimeAt(k, &time, &end)) {
      char buf[16];
      std::snprintf(buf, sizeof(buf), "T%02d:%02d", time.hour, time.minute);
      m->iso += buf;
      *next = end;
      return;
    }
    *next = j;
  }

  enum class Tense { kUnknown, kPast, kFuture };

  // -1 for a word marking the past ("was", "opened", "since"), +1 for one
  // marking the future ("will", "plans", "scheduled"), 0 otherwise.
  static int WordTense(std::string_view w) {
    static constexpr std::string_view kPast[] = {
        "was", "were", "had", "did", "took", "made", "said", "gave", "met",
        "began", "became", "came", "went", "got", "held", "saw", "told",
        "left", "brought", "sent", "spent", "won", "paid", "rose", "fell",
        "grew", "ago", "since", "hit", "cut", "put", "set", "ran", "built",
        "fought", "bought", "sold", "found", "lost", "kept", "led"};
    static constexpr std::string_view kFuture[] = {
        "will", "shall", "would", "plans", "plan", "planned", "scheduled",
        "expected", "expects", "expect", "intends", "intended", "due",
        "upcoming",
        "coming", "aims", "going", "until", "till", "next", "must",
        "should"};
    for (std::string_view v : kFuture) {
      if (w == v) return 1;
    }
    for (std::string_view v : kPast) {
      if (w == v) return -1;
    }
    if (w.size() > 3 && (w.substr(w.size() - 3) == "'ll" ||
                         w.substr(w.size() - 3) == "\x99ll")) {
      return 1;
    }
    if (w.size() > 4 && w.substr(w.size() - 2) == "ed" && w[0] >= 'a' &&
        w[0] <= 'z') {
      return -2;  // a past form, unless used as an adjective (see below)
    }
    return 0;
  }

  // Whether the "-ed" word at token k is a finite past verb ("the clinic
  // opened") rather than an adjective or passive participle ("the number of
  // uninsured residents", "will be allowed").
  bool IsFinitePast(size_t k) const {
    if (k == 0) return true;
    char buf[16];
    std::string_view prev = Lower(k - 1, buf);
    static constexpr std::string_view kBefore[] = {
        "the", "a", "an", "of", "for", "with", "to", "by", "from", "in", "on",
        "at", "its", "their", "his", "her", "our", "your", "my", "this",
        "these", "those", "many", "more", "most", "all", "some", "no",
        "newly", "fully", "well", "highly", "be", "been", "being", "is", "are",
        "get", "gets", "not", "very", "so", "as"};
    for (std::string_view w : kBefore) {
      if (prev == w) return false;
    }
    return true;
  }

  int TenseAt(size_t k) const {
    if (tokens_[k].kind != TokenKind::kWord) return 0;
    int w = WordTense(Text(k));
    if (w == -2) return IsFinitePast(k) ? -1 : 0;
    return w;
  }

  static bool EndsClause(std::string_view t) {
    return t == "." || t == "!" || t == "?" || t == ";" || t == "\"" ||
           t == "\xE2\x80\x9C" || t == "\xE2\x80\x9D" ||
           t == "\xC2\xAB" || t == "\xC2\xBB";
  }

  // The tense of the clause around tokens [first, last). A date phrase
  // usually follows its verb ("will open in October", "opened in October"),
  // so the clause before it is searched first (back to a comma or sentence
  // start); a fronted date ("On Friday, the President signed") takes the
  // verb after it. With `deadline`, a bare "by"/"before"/"until" in front of
  // the date counts as looking forward when no verb decides.
  Tense TenseAround(size_t first, size_t last, bool deadline) const {
    int tense = 0;
    // Words between the clause start and the date; "On Friday," is fronted.
    size_t before = 0;
    bool clause_start = false;
    for (size_t k = first; k > 0 && before < 14; ++before) {
      if (tokens_[k].starts_line) {
        clause_start = true;
        break;
      }
      --k;
      std::string_view t = Text(k);
      if (EndsClause(t) || t == ",") {
        clause_start = true;
        break;
      }
      tense = TenseAt(k);
      if (tense != 0) break;
    }
    if (first == 0) clause_start = true;
    bool fronted = clause_start && before <= 2;
    // After the date the search stops at a comma unless the date was fronted:
    // in "met on Wednesday, saying the country would spend" the later verb
    // belongs to another clause.
    for (size_t k = last, d = 1; tense == 0 && k < n_ && d <= 12; ++k, ++d) {
      if (tokens_[k].starts_line) break;
      std::string_view t = Text(k);
      if (EndsClause(t) || (!fronted && t == ",")) break;
      tense = TenseAt(k);
    }
    if (tense == 0 && deadline && first > 0) {
      char buf[16];
      std::string_view prev = Lower(first - 1, buf);
      if (prev == "by" || prev == "before" || prev == "until" ||
          prev == "till") {
        tense = 1;
      }
    }
    return tense < 0 ? Tense::kPast : tense > 0 ? Tense::kFuture
                                                : Tense::kUnknown;
  }

  // The year of a month written without one: the publication year, moved
  // back or forward by the clause's tense, else the nearest occurrence.
  int64_t YearFor(int month, size_t first, size_t last) const {
    const CivilDay& r = *reference_;
    switch (TenseAround(first, last, /*deadline=*/true)) {
      case Tense::kPast:
        return month > r.month() ? r.year() - 1 : r.year();
      case Tense::kFuture:
        return month < r.month() ? r.year() + 1 : r.year();
      default:
        return NearestYear(r, month);
    }
  }

  // Sets a day-precise match; a missing year comes from the reference.
  // [first, last) are the date's tokens, for the tense of a missing year.
  bool FinishDay(int64_t year, bool has_year, int month, int day, size_t first,
                 size_t last, DateMatch* m) const {
    m->has_year = has_year;
    if (!has_year) {
      if (reference_ != nullptr) {
        year = YearFor(month, first, last);
        m->relative = true;
      } else {
        if (!ValidDay(2000, month, day)) return false;  // leap-year safe
        char buf[32];
        std::snprintf(buf, sizeof(buf), "XXXX-%02d-%02d", month, day);
        m->iso = buf;
        return true;
      }
    }
    if (!ValidDay(year, month, day)) return false;
    SetDay(CivilDay(year, month, day), m);
    return true;
  }

  // ISO "2024-03-14" with an optional time "T09:40[:00[.000]][Z|+06:00]",
  // scanned on characters because the tokenizer splits it at '-' and ':'.
  bool MatchIso(size_t i, DateMatch* m, size_t* next) const {
    int y;
    if (!Digits(i, 4, 4, &y)) return false;
    size_t p = tokens_[i].begin + 4;
    auto digit = [&](size_t at) {
      return at < text_.size() && text_[at] >= '0' && text_[at] <= '9';
    };
    auto two = [&](size_t at, int* v) {
      if (!digit(at) || !digit(at + 1)) return false;
      *v = (text_[at] - '0') * 10 + (text_[at + 1] - '0');
      return true;
    };
    int mo, d;
    if (!(p + 6 <= text_.size() && text_[p] == '-' && two(p + 1, &mo) &&
          text_[p + 3] == '-' && two(p + 4, &d))) {
      return false;
    }
    p += 6;
    if (digit(p)) return false;
    if (!ValidDay(y, mo, d)) return false;
    size_t end = p;
    int h, mi;
    if (p < text_.size() && (text_[p] == 'T' || text_[p] == ' ') &&
        two(p + 1, &h) && p + 3 < text_.size() && text_[p + 3] == ':' &&
        two(p + 4, &mi) && h <= 23 && mi <= 59 && !digit(p + 6)) {
      size_t q = p + 6;
      int s;
      if (q < text_.size() && text_[q] == ':' && two(q + 1, &s)) {
        q += 3;
        if (q < text_.size() && text_[q] == '.' && digit(q + 1)) {
          ++q;
          while (digit(q)) ++q;
        }
      }
      if (q < text_.size() && text_[q] == 'Z') {
        ++q;
      } else if (q < text_.size() && (text_[q] == '+' || text_[q] == '-')) {
        int zh, zm;
        if (two(q + 1, &zh)) {
          size_t r = q + 3;
          if (r < text_.size() && text_[r] == ':' && two(r + 1, &zm)) {
            r += 3;
          } else if (two(r, &zm)) {
            r += 2;
          }
          q = r;
        }
      }
      SetDay(CivilDay(y, mo, d), m);
      char buf[16];
      std::snprintf(buf, sizeof(buf), "T%02d:%02d", h, mi);
      m->iso += buf;
      end = q;
    } else {
      SetDay(CivilDay(y, mo, d), m);
    }
    // The match must end on a token boundary.
    size_t j = i;
    while (j < n_ && tokens_[j].end < end) ++j;
    if (j >= n_ || tokens_[j].end != end) {
      // A time glued in an unexpected way: fall back to the date alone.
      end = tokens_[i].begin + 10;
      j = i;
      while (j < n_ && tokens_[j].end < end) ++j;
      if (j >= n_ || tokens_[j].end != end) return false;
      m->iso.resize(10);
    }
    m->has_year = true;
    *next = j + 1;
    if (m->iso.size() == 10) MaybeTime(*next, m, next);
    return true;
  }

  // "14.03.2024" (one number token) and "14/03/2024".
  bool MatchNumericDmy(size_t i, DateMatch* m, size_t* next) const {
    if (i >= n_ || tokens_[i].kind != TokenKind::kNumber) return false;
    int d = 0, mo = 0, y = 0;
    std::string_view t = Text(i);
    size_t j;
    auto parse = [](std::string_view s, int* v) {
      *v = 0;
      for (char c : s) {
        if (c < '0' || c > '9') return false;
        *v = *v * 10 + (c - '0');
      }
      return !s.empty();
    };
    if (t.size() == 10 && t[4] == '.' && t[7] == '.') {
      // yyyy.mm.dd
      if (!parse(t.substr(0, 4), &y) || !parse(t.substr(5, 2), &mo) ||
          !parse(t.substr(8, 2), &d)) {
        return false;
      }
      j = i + 1;
    } else if (t.size() >= 8 && t.size() <= 10 && t[t.size() - 5] == '.') {
      // d.m.yyyy with one or two digits for day and month.
      size_t dot1 = t.find('.');
      size_t dot2 = t.size() - 5;
      if (dot1 == 0 || dot1 > 2 || dot2 - dot1 - 1 < 1 || dot2 - dot1 - 1 > 2) {
        return false;
      }
      if (!parse(t.substr(0, dot1), &d) ||
          !parse(t.substr(dot1 + 1, dot2 - dot1 - 1), &mo) ||
          !parse(t.substr(dot2 + 1), &y)) {
        return false;
      }
      j = i + 1;
    } else {
      // d/m/yyyy or d-m-yyyy (the same separator twice).
      if (!Digits(i, 1, 2, &d) || !Glued(i + 1)) return false;
      std::string_view sep = i + 1 < n_ ? Text(i + 1) : std::string_view();
      if (sep != "/" && sep != "-") return false;
      if (!(Glued(i + 2) && Digits(i + 2, 1, 2, &mo) && Glued(i + 3) &&
            Is(i + 3, sep) && Glued(i + 4) && Digits(i + 4, 4, 4, &y))) {
        return false;
      }
      if (mo > 12 && d <= 12) std::swap(d, mo);  // 03/14/2024
      j = i + 5;
    }
    if (y < 1800 || y > 2200 || !ValidDay(y, mo, d)) return false;
    if (j < n_ && Glued(j) && (tokens_[j].kind == TokenKind::kNumber ||
                               tokens_[j].kind == TokenKind::kWord)) {
      return false;
    }
    SetDay(CivilDay(y, mo, d), m);
    m->has_year = true;
    MaybeTime(j, m, next);
    return true;
  }

  // "14 March 2021", "2nd of June", "22 april 2019", "14 March".
  bool MatchDayMonth(size_t i, DateMatch* m, size_t* next) const {
    int day;
    if (!Day(i, &day)) return false;
    size_t j = i + 1;
    if (Is(j, "of")) ++j;
    Keyword k = Key(j);
    if (k.kind != Kw::kMonth) return false;
    ++j;
    int year;
    bool has_year = false;
    if (Year(j, &year)) {
      has_year = true;
      ++j;
    } else if (Is(j, ",") && Year(j + 1, &year)) {
      has_year = true;
      j += 2;
    }
    if (!FinishDay(has_year ? year : 0, has_year, k.value, day, i, j, m)) {
      return false;
    }
    MaybeTime(j, m, next);
    return true;
  }

  // "Oct. 3, 2023", "March 14, 2024", "Oct. 3", "March 2017",
  // "March of 2017", and a context-marked bare month ("in March").
  bool MatchMonthFirst(size_t i, DateMatch* m, size_t* next) const {
    Keyword k = Key(i);
    if (k.kind != Kw::kMonth) return false;
    size_t j = i + 1;
    int day, year;
    if (Day(j, &day) && !(Glued(j + 1) && tokens_[j + 1].kind == TokenKind::kWord)) {
      // "May 5" vs. a year-like "May 2020": Day() takes at most two digits.
      ++j;
      bool has_year = false;
      if (Year(j, &year)) {
        has_year = true;
        ++j;
      } else if (Is(j, ",") && Year(j + 1, &year)) {
        has_year = true;
        j += 2;
      }
      if (!FinishDay(has_year ? year : 0, has_year, k.value, day, i, j, m)) {
        return false;
      }
      MaybeTime(j, m, next);
      return true;
    }
    size_t y = Is(j, "of") ? j + 1 : j;
    if (Year(y, &year)) {
      SetMonth(year, k.value, m);
      m->has_year = true;
      *next = y + 1;
      return true;
    }
    // A bare month: capitalized full name after a date preposition.
    std::string_view t = Text(i);
    bool capitalized = t[0] >= 'A' && t[0] <= 'Z';
    if (!capitalized || (k.abbreviation && t.back() != '.') || i == 0) {
      return false;
    }
    char buf[16];
    std::string_view prev = Lower(i - 1, buf);
    if (prev.empty() || !IsMonthContext(prev, k.value == 5)) return false;
    // "May" before a capitalized word is a name ("in May Abenova's office").
    if (k.value == 5 && i + 1 < n_ && tokens_[i + 1].kind == TokenKind::kWord &&
        !tokens_[i + 1].starts_line) {
      std::string_view next = Text(i + 1);
      if (next[0] >= 'A' && next[0] <= 'Z') return false;
    }
    if (reference_ != nullptr) {
      SetMonth(YearFor(k.value, i, i + 1), k.value, m);
      m->relative = true;
    } else {
      char b[16];
      std::snprintf(b, sizeof(b), "XXXX-%02d", k.value);
      m->iso = b;
    }
    *next = i + 1;
    return true;
  }

  // A weekday, alone ("on Friday") or before a date ("Tuesday, 2 june 2020").
  bool MatchWeekday(size_t i, DateMatch* m, size_t* next) const {
    Keyword k = Key(i);
    if (k.kind != Kw::kWeekday) return false;
    size_t j = i + 1;
    if (Is(j, ",")) ++j;
    if (j < n_ && !tokens_[j].starts_paragraph &&
        (MatchDayMonth(j, Reset(m), next) ||
         MatchMonthFirst(j, Reset(m), next) ||
         MatchNumericDmy(j, Reset(m), next) || MatchIso(j, Reset(m), next))) {
      return true;
    }
    *m = DateMatch();
    std::string_view t = Text(i);
    if (k.abbreviation || !(t[0] >= 'A' && t[0] <= 'Z')) return false;
    // The most recent such day, or the coming one in a future clause
    // ("will meet on Friday").
    int shift =
        reference_ != nullptr &&
                TenseAround(i, i + 1, /*deadline=*/false) == Tense::kFuture
            ? 1
                                                                         : 0;
    ResolveWeekday(k.value, shift, m);
    *next = i + 1;
    return true;
  }

  // shift: -1 last, +1 next, 0 nearest not after the reference.
  void ResolveWeekday(int weekday, int shift, DateMatch* m) const {
    m->relative = true;
    if (reference_ == nullptr) return;
    CivilDay d = *reference_;
    if (shift == 0) {
      while (WeekdayIndex(d) != weekday) d -= 1;
    } else if (shift < 0) {
      d -= 1;
      while (WeekdayIndex(d) != weekday) d -= 1;
    } else {
      d += 1;
      while (WeekdayIndex(d) != weekday) d += 1;
    }
    SetDay(d, m);
  }

  // "today" in the sense of "nowadays" is not a date: "today's Nur-Sultan",
  // "Today some patients travel ..." (sentence-initial without a comma).
  bool IsGenericToday(size_t i) const {
    if (i + 1 < n_ && Glued(i + 1)) {
      std::string_view next = Text(i + 1);
      if (next == "'s" || next == "\xE2\x80\x99s") return true;
    }
    std::string_view t = Text(i);
    bool capitalized = t[0] == 'T';
    if (!capitalized || i + 1 >= n_) return false;
    if (Is(i + 1, ",")) return false;
    // Capitalized: at a sentence start (after . ! ? or an opening quote) or
    // at a line start.
    bool sentence_start = i == 0 || tokens_[i].starts_line;
    if (!sentence_start) {
      std::string_view prev = Text(i - 1);
      sentence_start = prev == "." || prev == "!" || prev == "?" ||
                       prev == "\"" || prev == "\xE2\x80\x9C" ||
                       prev == "\xC2\xAB" || prev == ":";
    }
    if (!sentence_start) return false;
    // "Today it took twenty minutes" names the day; "Today a student spends
    // six years" describes the present. Look for a past-tense or future verb
    // among the next few words.
    for (size_t j = i + 1; j < n_ && j <= i + 4; ++j) {
      if (tokens_[j].kind != TokenKind::kWord) break;
      if (IsPastOrFutureVerb(Text(j))) return false;
    }
    return true;
  }

  static bool IsPastOrFutureVerb(std::string_view w) {
    static constexpr std::string_view kIrregular[] = {
        "took", "was", "were", "had", "did", "made", "said", "gave", "met",
        "began", "became", "came", "went", "got", "held", "saw", "told",
        "left", "brought", "sent", "spent", "won", "paid", "will", "shall",
        "has", "have", "announced", "signed"};
    for (std::string_view v : kIrregular) {
      if (w == v) return true;
    }
    return w.size() > 4 && w.substr(w.size() - 2) == "ed" && w[0] >= 'a' &&
           w[0] <= 'z';
  }

  // today / yesterday / tomorrow; last|this|next year|month|week|<weekday>|
  // <month>.
  // The "[of] 2024" after a part of a year at token *j: on a match sets the
  // part and *next. Moves *j past an "of" (and sets *of) either way.
  bool PartYear(size_t* j, bool* of, int months, int index, DateMatch* m,
                size_t* next) const {
    *of = Is(*j, "of");
    if (*of) ++*j;
    int year;
    if (!Year(*j, &year)) return false;
    m->has_year = true;
    SetPart(year, months, index, m);
    *next = *j + 1;
    return true;
  }

  // A quarter or half of a year named in words: "first quarter of 2024",
  // "third quarter 2024", "second half of 2023", "last quarter of 2023",
  // "first half of the year" / "of next year" (relative). A part without a
  // year ("the first half") is left alone: in sports news it is a game's.
  bool MatchPart(size_t i, DateMatch* m, size_t* next) const {
    char buf[16];
    std::string_view part = Lower(i + 1, buf);
    int months = part == "quarter" ? 3 : part == "half" ? 6 : 0;
    if (months == 0) return false;
    int parts = 12 / months;
    Keyword k = Key(i);
    int index = 0;
    if (k.kind == Kw::kOrdinal && k.value <= parts) {
      index = k.value;
    } else if (k.kind == Kw::kShift && k.value == -1) {
      index = parts;  // "the last quarter of 2023"
    } else {
      return false;
    }
    size_t j = i + 2;
    bool of = false;
    if (PartYear(&j, &of, months, index, m, next)) return true;
    if (!of) return false;
    // "of the year" (the publication year), "of this/next/last year".
    int shift = 0;
    char det_buf[16];
    if (Lower(j, det_buf) != "the") {
      Keyword det = Key(j);
      if (det.kind != Kw::kShift) return false;
      shift = det.value;
    }
    Keyword unit = Key(j + 1);
    if (unit.kind != Kw::kUnit || unit.value != 1) return false;
    m->relative = true;
    *next = j + 2;
    if (reference_ != nullptr) {
      SetPart(reference_->year() + shift, months, index, m);
    }
    return true;
  }

  // "Q3 2024", "Q3 of 2024", "H1 2023", and "Q3" alone (the publication
  // year; a bare "H1" is too often something else).
  bool MatchPartCode(size_t i, DateMatch* m, size_t* next) const {
    std::string_view t = Text(i);
    int months = t[0] == 'Q' ? 3 : 6;
    int index = t[1] - '0';
    if (index < 1 || index > 12 / months) return false;
    size_t j = i + 1;
    bool of = false;
    if (PartYear(&j, &of, months, index, m, next)) return true;
    if (months != 3) return false;
    m->relative = true;
    *next = i + 1;
    if (reference_ != nullptr) SetPart(reference_->year(), months, index, m);
    return true;
  }

  // A decade: "1990s", "the 2010s".
  bool MatchDecade(size_t i, DateMatch* m, size_t* next) const {
    std::string_view t = Text(i);
    int year;
    if (t.size() != 5 || t[4] != 's' || t[3] != '0' ||
        !DigitsValue(t.substr(0, 4), &year) || year < 1800 || year > 2190) {
      return false;
    }
    m->has_year = true;
    SetDecade(year, m);
    *next = i + 1;
    return true;
  }

  // "mid-2024": the year (the modifier narrows it, the range stays the
  // year's).
  bool MatchMidYear(size_t i, DateMatch* m, size_t* next) const {
    std::string_view t = Text(i);
    int year;
    if (t.size() != 8 || !(t[0] == 'm' || t[0] == 'M') || t.substr(1, 3) != "id-" ||
        !DigitsValue(t.substr(4), &year) || year < 1800 || year > 2200) {
      return false;
    }
    m->has_year = true;
    SetYear(year, m);
    *next = i + 1;
    return true;
  }

  bool MatchRelative(size_t i, DateMatch* m, size_t* next) const {
    Keyword k = Key(i);
    if (k.kind == Kw::kShift && MatchPart(i, m, next)) return true;
    if (k.kind == Kw::kToday && k.value == 0 && IsGenericToday(i)) return false;
    if (k.kind == Kw::kToday) {
      m->relative = true;
      if (reference_ != nullptr) SetDay(*reference_ + k.value, m);
      *next = i + 1;
      return true;
    }
    if (k.kind != Kw::kShift) return false;
    Keyword unit = Key(i + 1);
    int shift = k.value;
    if (unit.kind == Kw::kUnit && !unit.abbreviation) {
      m->relative = true;
      *next = i + 2;
      if (reference_ == nullptr) return true;
      const CivilDay& r = *reference_;
      if (unit.value == 1) {
        SetYear(r.year() + shift, m);
      } else if (unit.value == 2) {
        absl::CivilMonth month = absl::CivilMonth(r) + shift;
        SetMonth(month.year(), month.month(), m);
      } else if (unit.value == 4) {
        absl::CivilMonth month =
            absl::CivilMonth(r) + 3 * shift;  // any month of that quarter
        SetPart(month.year(), 3, (month.month() - 1) / 3 + 1, m);
      } else {
        SetWeek(r + 7 * shift, m);
      }
      return true;
    }
    if (unit.kind == Kw::kWeekday && !unit.abbreviation) {
      if (shift == 0) {
        // "this Friday": the day in the reference's week.
        m->relative = true;
        if (reference_ != nullptr) {
          SetDay(*reference_ - WeekdayIndex(*reference_) + unit.value, m);
        }
      } else {
        ResolveWeekday(unit.value, shift, m);
      }
      *next = i + 2;
      return true;
    }
    if (unit.kind == Kw::kMonth && !unit.abbreviation) {
      std::string_view t = Text(i + 1);
      if (!(t[0] >= 'A' && t[0] <= 'Z')) return false;
      m->relative = true;
      *next = i + 2;
      if (reference_ == nullptr) return true;
      int64_t year = reference_->year();
      int ref_month = reference_->month();
      if (shift < 0 && unit.value >= ref_month) --year;
      if (shift > 0 && unit.value <= ref_month) ++year;
      SetMonth(year, unit.value, m);
      return true;
    }
    return false;
  }

  // A bare year in date context: "in 2024", "by 2025", "2019-2021".
  bool MatchBareYear(size_t i, DateMatch* m, size_t* next) const {
    int year;
    if (!Digits(i, 4, 4, &year) || year < 1900 || year > 2100) return false;
    bool context = false;
    if (i > 0) {
      char buf[16];
      std::string_view prev = Lower(i - 1, buf);
      if (!prev.empty()) context = IsYearContext(prev);
      // The second year of a range: "2019-2021", "from 2019 to 2021".
      if (!context && last_match_was_year_ && last_match_end_ + 1 == i) {
        std::string_view t = Text(i - 1);
        context = t == "-" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94" ||
                  t == "to" || t == "and" || t == "or" || t == "/";
      }
    } else {
      context = standalone_;
    }
    if (standalone_ && n_ == 1) context = true;
    if (!context && i + 1 < n_ && tokens_[i + 1].kind == TokenKind::kWord &&
        !tokens_[i + 1].starts_line) {
      char nbuf[16];
      std::string_view next_word = Lower(i + 1, nbuf);
      std::string_view next_text = Text(i + 1);
      bool lower_next = next_text[0] >= 'a' && next_text[0] <= 'z';
      // A year as a modifier: "the 2020 budget", "its 2024 plan".
      if (i > 0 && lower_next && next_text.back() != 's') {
        char buf[16];
        std::string_view prev = Lower(i - 1, buf);
        context = prev == "the" || prev == "its" || prev == "their" ||
                  prev == "his" || prev == "her" || prev == "our" ||
                  prev == "fiscal" || prev == "'s" || Is(i - 1, "\xE2\x80\x99s");
      }
      // A year as a subject: "2024 was a record year."
      bool sentence_start = i == 0 || tokens_[i].starts_line;
      if (!sentence_start) {
        std::string_view prev = Text(i - 1);
        sentence_start = prev == "." || prev == "!" || prev == "?" ||
                         prev == "\xE2\x80\x9C" || prev == "\xC2\xAB" ||
                         prev == "\"";
      }
      if (!context && sentence_start) {
        context = next_word == "was" || next_word == "is" ||
                  next_word == "will" || next_word == "saw" ||
                  next_word == "marked" || next_word == "has" ||
                  next_word == "had" || next_word == "became" ||
                  next_word == "brought" || next_word == "proved";
      }
    }
    if (!context) return false;
    // Not a count: "in 2024 beds", "2024%", "2024 tenge".
    size_t j = i + 1;
    if (j < n_) {
      if (Glued(j) && (tokens_[j].kind == TokenKind::kWord ||
                       tokens_[j].kind == TokenKind::kSymbol ||
                       tokens_[j].kind == TokenKind::kNumber)) {
        return false;
      }
      if (tokens_[j].kind == TokenKind::kWord && !tokens_[j].starts_line) {
        std::string_view t = Text(j);
        if (t.size() > 2 && t.back() == 's' && t[0] >= 'a' && t[0] <= 'z') {
          char buf[16];
          std::string_view lower = Lower(j, buf);
          bool verb = lower == "was" || lower == "has" || lower == "is" ||
                      lower == "as" || lower == "this" || lower == "its" ||
                      lower == "does" || lower == "plans" || lower == "stands" ||
                      lower == "marks" || lower == "sees";
          if (!verb) return false;
        }
        char buf[16];
        std::string_view lower = Lower(j, buf);
        if (lower == "percent" || lower == "tenge" || lower == "million" ||
            lower == "thousand" || lower == "billion" || lower == "people") {
          return false;
        }
      }
    }
    SetYear(year, m);
    m->has_year = true;
    *next = i + 1;
    return true;
  }

  bool MatchAt(size_t i, DateMatch* m, size_t* next) const {
    const Token& tok = tokens_[i];
    if (tok.kind == TokenKind::kNumber) {
      return MatchIso(i, Reset(m), next) || MatchNumericDmy(i, Reset(m), next) ||
             MatchDayMonth(i, Reset(m), next) || MatchBareYear(i, Reset(m), next);
    }
    if (tok.kind != TokenKind::kWord) return false;
    std::string_view t = Text(i);
    unsigned char c = static_cast<unsigned char>(t[0]);
    if (c >= '0' && c <= '9') {
      return MatchDecade(i, Reset(m), next) || MatchDayMonth(i, Reset(m), next);
    }
    if (t.size() == 2 && (c == 'Q' || c == 'H') && t[1] >= '1' && t[1] <= '4') {
      return MatchPartCode(i, Reset(m), next);
    }
    if (c >= 0x80 || t.size() < 3) return false;
    if (c == 'm' || c == 'M') {
      if (MatchMidYear(i, Reset(m), next)) return true;
    }
    // One keyword lookup per word decides which form can start here.
    switch (Key(i).kind) {
      case Kw::kWeekday:
        return MatchWeekday(i, Reset(m), next);
      case Kw::kToday:
      case Kw::kShift:
        return MatchRelative(i, Reset(m), next);
      case Kw::kMonth:
        return MatchMonthFirst(i, Reset(m), next);
      case Kw::kOrdinal:
        return MatchPart(i, Reset(m), next);
      default:
        return false;
    }
  }

  static DateMatch* Reset(DateMatch* m) {
    *m = DateMatch();
    return m;
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  size_t n_;
  const CivilDay* reference_;
  bool standalone_;
  size_t last_match_end_ = static_cast<size_t>(-1);
  bool last_match_was_year_ = false;
};

// Trailing tokens ParseDate tolerates after a date: punctuation, a time zone
// name, or an offset ("GMT", "+0600", "+06:00").
bool IsTrailingZone(std::string_view text, const std::vector<Token>& tokens,
                    size_t from) {
  size_t i = from;
  while (i < tokens.size()) {
    std::string_view s = tokens[i].text(text);
    if (s == "GMT" || s == "UTC" || s == "Z") {
      ++i;
    } else if ((s == "+" || s == "-") && i + 1 < tokens.size() &&
               tokens[i + 1].kind == TokenKind::kNumber) {
      i += 2;
      if (i + 1 < tokens.size() && tokens[i].text(text) == ":" &&
          tokens[i + 1].kind == TokenKind::kNumber) {
        i += 2;
      }
    } else if (tokens[i].kind == TokenKind::kPunctuation) {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string FormatIsoDay(const CivilDay& day) {
  return FormatDay(day.year(), day.month(), day.day());
}

std::vector<DateMatch> FindDates(std::string_view text,
                                 const std::vector<Token>& tokens,
                                 const CivilDay* reference) {
  return Finder(text, tokens, reference, /*standalone=*/false).Run();
}

std::optional<DateMatch> ParseDate(std::string_view text) {
  std::vector<Token> tokens = Tokenize(text);
  if (tokens.empty()) return std::nullopt;
  std::vector<DateMatch> matches =
      Finder(text, tokens, nullptr, /*standalone=*/true).Run();
  if (matches.empty() || matches[0].relative) return std::nullopt;
  const DateMatch& m = matches[0];
  if (m.begin != tokens[0].begin || m.iso.empty() ||
      m.iso.compare(0, 4, "XXXX") == 0) {
    return std::nullopt;
  }
  size_t after = 0;
  while (after < tokens.size() && tokens[after].begin < m.end) ++after;
  if (matches.size() > 1 || !IsTrailingZone(text, tokens, after)) {
    return std::nullopt;
  }
  return m;
}

}  // namespace newsgraph
