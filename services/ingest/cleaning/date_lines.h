// Calendar dates as they appear in article chrome: datelines under a headline
// ("14 March 2021, 09:40", "date 2024-03-14 Photo | example.kz",
// "11 may 2021 - 10:05"), current-date banners ("Tuesday, 2 june 2020") and
// teaser dates. The cleaner only needs full dates (day, month and year, with
// an attached clock time when there is one) to pick a publication date.
//
// A thin layer over the shared date grammar (common/text/dates.h): it keeps
// the full dates and notes weekday-led ones (banners).
//
// Thread-safe: pure functions.
#ifndef NEWSGRAPH_SERVICES_INGEST_CLEANING_DATE_LINES_H_
#define NEWSGRAPH_SERVICES_INGEST_CLEANING_DATE_LINES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {
namespace cleaning {

struct FullDate {
  size_t begin = 0;  // byte span of the date expression (time included)
  size_t end = 0;
  std::string iso;   // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
  bool weekday = false;  // a weekday name is part of or just before the date
};

// Every full date in `text`, left to right, non-overlapping.
std::vector<FullDate> FindFullDates(std::string_view text);

// Normalizes a machine-readable timestamp from markup ("2024-03-14",
// "2024-03-14T09:40:00+06:00", "2024-03-14 09:40") to "YYYY-MM-DD" or
// "YYYY-MM-DDTHH:MM"; falls back to FindFullDates() for human-readable
// values. nullopt when no full date is found.
std::optional<std::string> NormalizeMarkupDate(std::string_view value);

}  // namespace cleaning
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_INGEST_CLEANING_DATE_LINES_H_
