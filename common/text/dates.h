// The date grammar shared by ingest (publication dates in meta tags and page
// chrome) and extraction (DATE mentions in article bodies).
//
// Recognized forms (spans follow docs/ANNOTATION.md: no leading preposition,
// an attached time belongs to the date):
//   ISO dates and date-times      2024-03-14, 2024-03-14T09:40:00+06:00
//   numeric day-first dates       14.03.2024, 14/03/2024
//   day month [year] [time]       14 March 2021, 09:40 / 22 april 2019 /
//                                 11 may 2021 - 10:05 / 2nd of June
//   month day [year] [time]       Oct. 3, 2023 / March 14, 2024 / Sept. 5
//   [weekday,] one of the above   Tuesday, 2 june 2020
//   month [of] year               March 2017, March of 2017
//   month alone after "in", ...   in March (year from the reference)
//   years 1900-2100 in context    in 2024, by 2025, since 2019, 2019-2021
//   relative                      today, yesterday, tomorrow, next year,
//                                 last month, this week, Friday, last Friday,
//                                 next quarter
//   quarters and halves           first quarter of 2024, Q3 2024, Q3,
//                                 second half of 2023, H1 2023, the last
//                                 quarter of 2023, first half of the year
//   decades                       1990s, the 2010s
//   mid-year                      mid-2024
// "May" is a month only next to a day number or a year, or after a preposition
// such as "in"; "May Abenova" is not a date. Numbers such as "2,024" or
// "2024 beds" are not years. Durations ("three years") and bare clock times
// are not dates.
//
// Thread-safe: all functions are pure.
#ifndef NEWSGRAPH_COMMON_TEXT_DATES_H_
#define NEWSGRAPH_COMMON_TEXT_DATES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/text/tokenizer.h"

namespace newsgraph {

using CivilDay = absl::CivilDay;

struct DateMatch {
  uint32_t begin = 0;  // UTF-8 byte offsets into the text
  uint32_t end = 0;
  // "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-Www" for a
  // relative week, "YYYY-Qn" for a quarter, "YYYY-Hn" for a half year, or
  // "YYYX" for a decade (ISO 8601-2's unspecified digit: "199X"). When the year is unknown (no year written and no
  // reference date) it is "XXXX" ("XXXX-10-03"); a relative expression
  // without a reference date has an empty iso.
  std::string iso;
  // The first and last day the expression covers, as "YYYY-MM-DD"; empty
  // when unknown.
  std::string range_begin;
  std::string range_end;
  bool relative = false;  // resolved against the reference date
  bool has_year = false;  // the year was written out
};

// Finds the dates in `text`, whose tokens are `tokens` (from Tokenize(text)).
// `reference` is the publication date used to resolve relative expressions
// and years left out ("Oct. 3"); it may be null. Matches are sorted and do
// not overlap.
std::vector<DateMatch> FindDates(std::string_view text,
                                 const std::vector<Token>& tokens,
                                 const CivilDay* reference);

// Parses `text` as one date expression (surrounding whitespace and trailing
// punctuation allowed), as found in meta tags and page chrome:
// "2024-03-14", "2024-03-14T09:40:00+06:00", "14 March 2021, 09:40",
// "22 april 2019", "11 may 2021 - 10:05", "Tuesday, 2 june 2020",
// "Oct. 3, 2023", "March 14, 2024", "2024". Relative expressions are not
// accepted (there is no reference). Returns nullopt if `text` is not exactly
// one date.
std::optional<DateMatch> ParseDate(std::string_view text);

// Formats a day as "YYYY-MM-DD".
std::string FormatIsoDay(const CivilDay& day);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_TEXT_DATES_H_
