#include "services/ingest/cleaning/date_lines.h"

#include "gtest/gtest.h"

namespace newsgraph {
namespace cleaning {
namespace {

std::string FirstIso(std::string_view text) {
  std::vector<FullDate> dates = FindFullDates(text);
  return dates.empty() ? "" : dates.front().iso;
}

TEST(FindFullDatesTest, ChromeDateForms) {
  EXPECT_EQ(FirstIso("date 2024-03-14 Photo | example.kz"), "2024-03-14");
  EXPECT_EQ(FirstIso("14 March 2021, 09:40"), "2021-03-14T09:40");
  EXPECT_EQ(FirstIso("22 april 2019"), "2019-04-22");
  EXPECT_EQ(FirstIso("11 may 2021 - 10:05"), "2021-05-11T10:05");
  EXPECT_EQ(FirstIso("NUR-SULTAN, 14 March 2021, 09:40 – Kazakhstan has"),
            "2021-03-14T09:40");
}

TEST(FindFullDatesTest, PartialAndRelativeDatesAreNotFullDates) {
  EXPECT_TRUE(FindFullDates("on Oct. 3 the minister said").empty());
  EXPECT_TRUE(FindFullDates("by 2025").empty());
  EXPECT_TRUE(FindFullDates("next year").empty());
  EXPECT_TRUE(FindFullDates("March of 2017").empty());
}

TEST(FindFullDatesTest, MarksWeekdayBanners) {
  std::vector<FullDate> dates = FindFullDates("Tuesday, 2 june 2020");
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].iso, "2020-06-02");
  EXPECT_TRUE(dates[0].weekday);
  dates = FindFullDates("29 may 2020 - 16:20");
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_FALSE(dates[0].weekday);
}

TEST(NormalizeMarkupDateTest, MachineTimestamps) {
  EXPECT_EQ(NormalizeMarkupDate("2024-03-14T17:45:00+05:00").value_or(""),
            "2024-03-14T17:45");
  EXPECT_EQ(NormalizeMarkupDate(" 2024-03-14 ").value_or(""), "2024-03-14");
  EXPECT_EQ(NormalizeMarkupDate("2023-10-05T15:10").value_or(""),
            "2023-10-05T15:10");
  EXPECT_FALSE(NormalizeMarkupDate("yesterday").has_value());
  EXPECT_FALSE(NormalizeMarkupDate("").has_value());
}

}  // namespace
}  // namespace cleaning
}  // namespace newsgraph
