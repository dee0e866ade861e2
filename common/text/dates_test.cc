#include "common/text/dates.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

// (span text, iso) of every date found in `text`.
std::vector<std::pair<std::string, std::string>> Find(
    std::string_view text, std::optional<CivilDay> reference = std::nullopt) {
  std::vector<Token> tokens = Tokenize(text);
  std::vector<std::pair<std::string, std::string>> out;
  for (const DateMatch& m :
       FindDates(text, tokens, reference ? &*reference : nullptr)) {
    out.emplace_back(std::string(text.substr(m.begin, m.end - m.begin)), m.iso);
  }
  return out;
}

const CivilDay kFriday(2020, 5, 29);  // a Friday

TEST(FindDatesTest, IsoDatesAndDateTimes) {
  EXPECT_THAT(Find("date 2024-03-14 Photo | example.kz"),
              ElementsAre(Pair("2024-03-14", "2024-03-14")));
  EXPECT_THAT(Find("at 2024-03-14T09:40:00+06:00 sharp"),
              ElementsAre(Pair("2024-03-14T09:40:00+06:00", "2024-03-14T09:40")));
  EXPECT_THAT(Find("on 2024-03-14 09:40."),
              ElementsAre(Pair("2024-03-14 09:40", "2024-03-14T09:40")));
  // Not a valid day.
  EXPECT_THAT(Find("code 2024-13-45 here"), IsEmpty());
}

TEST(FindDatesTest, DayMonthYear) {
  EXPECT_THAT(Find("on 14 March 2021, 09:40 the"),
              ElementsAre(Pair("14 March 2021, 09:40", "2021-03-14T09:40")));
  EXPECT_THAT(Find("22 april 2019"), ElementsAre(Pair("22 april 2019", "2019-04-22")));
  EXPECT_THAT(Find("11 may 2021 - 10:05"),
              ElementsAre(Pair("11 may 2021 - 10:05", "2021-05-11T10:05")));
  EXPECT_THAT(Find("on 11 May 2021 the"),
              ElementsAre(Pair("11 May 2021", "2021-05-11")));
  EXPECT_THAT(Find("the 2nd of June 2020"),
              ElementsAre(Pair("2nd of June 2020", "2020-06-02")));
  EXPECT_THAT(Find("14.03.2024 and 14/03/2024"),
              ElementsAre(Pair("14.03.2024", "2024-03-14"),
                          Pair("14/03/2024", "2024-03-14")));
  EXPECT_THAT(Find("2024.03.14 and 14-03-2024"),
              ElementsAre(Pair("2024.03.14", "2024-03-14"),
                          Pair("14-03-2024", "2024-03-14")));
  EXPECT_THAT(Find("on 14 March, 10:15 the", CivilDay(2024, 3, 20)),
              ElementsAre(Pair("14 March, 10:15", "2024-03-14T10:15")));
  // 31 April does not exist: the day is not taken, the month still is.
  EXPECT_THAT(Find("31 April 2021"), ElementsAre(Pair("April 2021", "2021-04")));
}

TEST(FindDatesTest, MonthDayYear) {
  EXPECT_THAT(Find("Oct. 3, 2023"), ElementsAre(Pair("Oct. 3, 2023", "2023-10-03")));
  EXPECT_THAT(Find("on March 14, 2024, the"),
              ElementsAre(Pair("March 14, 2024", "2024-03-14")));
  EXPECT_THAT(Find("Sept. 5 2019 at 10:30 p.m."),
              ElementsAre(Pair("Sept. 5 2019 at 10:30 p.m.", "2019-09-05T22:30")));
}

TEST(FindDatesTest, YearFromReference) {
  EXPECT_THAT(Find("report by Oct. 1.", kFriday),
              ElementsAre(Pair("Oct. 1", "2020-10-01")));
  EXPECT_THAT(Find("on 14 March the", kFriday),
              ElementsAre(Pair("14 March", "2020-03-14")));
  // Without a reference the year stays unknown.
  EXPECT_THAT(Find("report by Oct. 1."), ElementsAre(Pair("Oct. 1", "XXXX-10-01")));
}

TEST(FindDatesTest, YearlessMonthsTakeTheNearestYear) {
  const CivilDay march_2021(2021, 3, 14);
  const CivilDay october_2019(2019, 10, 30);
  EXPECT_THAT(Find("the peak in December.", march_2021),
              ElementsAre(Pair("December", "2020-12")));
  EXPECT_THAT(Find("will pay 2% from January.", october_2019),
              ElementsAre(Pair("January", "2020-01")));
  EXPECT_THAT(Find("starting 1 January", CivilDay(2024, 12, 20)),
              ElementsAre(Pair("1 January", "2025-01-01")));
  EXPECT_THAT(Find("by Oct. 1.", kFriday), ElementsAre(Pair("Oct. 1", "2020-10-01")));
}

TEST(FindDatesTest, TenseChoosesTheYearOfAYearlessMonth) {
  const CivilDay february_2024(2024, 2, 10);
  // Nearest occurrence would be October 2023; the clause looks forward.
  EXPECT_THAT(Find("The clinic will open in October.", february_2024),
              ElementsAre(Pair("October", "2024-10")));
  EXPECT_THAT(Find("The clinic opened in October.", february_2024),
              ElementsAre(Pair("October", "2023-10")));
  EXPECT_THAT(Find("Cases have fallen since November.", february_2024),
              ElementsAre(Pair("November", "2023-11")));
  const CivilDay september_2024(2024, 9, 20);
  EXPECT_THAT(Find("Salaries will rise from 1 January.", september_2024),
              ElementsAre(Pair("1 January", "2025-01-01")));
  // Adjectives and passives in -ed are not past verbs; "by" looks forward.
  EXPECT_THAT(Find("to bring the number of uninsured residents below 10 "
                   "percent by March.", CivilDay(2019, 10, 30)),
              ElementsAre(Pair("March", "2020-03")));
  EXPECT_THAT(Find("Universities will be allowed to write their own curricula "
                   "from September.", CivilDay(2019, 4, 22)),
              ElementsAre(Pair("September", "2019-09")));
  EXPECT_THAT(Find("It was signed in March.", september_2024),
              ElementsAre(Pair("March", "2024-03")));
}

TEST(FindDatesTest, WeekdayInAFutureClauseIsTheComingOne) {
  const CivilDay wednesday(2024, 3, 13);
  EXPECT_THAT(Find("The minister will visit the hospital on Friday.", wednesday),
              ElementsAre(Pair("Friday", "2024-03-15")));
  EXPECT_THAT(Find("The minister visited the hospital on Monday.", wednesday),
              ElementsAre(Pair("Monday", "2024-03-11")));
  EXPECT_THAT(Find("He set out priorities at an expanded meeting on Wednesday, "
                   "saying the country would spend more.", wednesday),
              ElementsAre(Pair("Wednesday", "2024-03-13")));
  EXPECT_THAT(Find("Forecasters expect the heat to ease from Monday.", wednesday),
              ElementsAre(Pair("Monday", "2024-03-18")));
  EXPECT_THAT(Find("On Monday, the minister visited it.", wednesday),
              ElementsAre(Pair("Monday", "2024-03-11")));
  EXPECT_THAT(Find("By Tuesday evening, 2,318 people, including 604 children, "
                   "were living in shelters.", wednesday),
              ElementsAre(Pair("Tuesday", "2024-03-12")));
  EXPECT_THAT(Find("Universities will be allowed to write curricula from "
                   "September, the ministry announced on Monday.",
                   CivilDay(2019, 4, 22)),
              ElementsAre(Pair("September", "2019-09"), Pair("Monday", "2019-04-22")));
}

TEST(FindDatesTest, YearsAsModifiersAndSubjects) {
  EXPECT_THAT(Find("the 2020 budget was cut"), ElementsAre(Pair("2020", "2020")));
  EXPECT_THAT(Find("Results. 2024 was a record year."),
              ElementsAre(Pair("2024", "2024")));
  EXPECT_THAT(Find("the 2024 beds"), IsEmpty());
  EXPECT_THAT(Find("with 2024 staff"), IsEmpty());
}

TEST(FindDatesTest, GenericTodayIsNotADate) {
  EXPECT_THAT(Find("Akmola, today’s Nur-Sultan.", kFriday), IsEmpty());
  EXPECT_THAT(Find("He said: “Today some patients travel far.”", kFriday),
              IsEmpty());
  EXPECT_THAT(Find("“Today a student spends six years learning.”", kFriday),
              IsEmpty());
  EXPECT_THAT(Find("It took three hours. Today it took twenty minutes.", kFriday),
              ElementsAre(Pair("Today", "2020-05-29")));
  EXPECT_THAT(Find("Today the minister opened a clinic.", kFriday),
              ElementsAre(Pair("Today", "2020-05-29")));
  EXPECT_THAT(Find("Today, the President signed it.", kFriday),
              ElementsAre(Pair("Today", "2020-05-29")));
  EXPECT_THAT(Find("The ministry said today that", kFriday),
              ElementsAre(Pair("today", "2020-05-29")));
}

TEST(FindDatesTest, WeekdayBeforeDate) {
  EXPECT_THAT(Find("Tuesday, 2 june 2020\nSearch"),
              ElementsAre(Pair("Tuesday, 2 june 2020", "2020-06-02")));
  EXPECT_THAT(Find("Friday, Oct. 3, 2023"),
              ElementsAre(Pair("Friday, Oct. 3, 2023", "2023-10-03")));
}

TEST(FindDatesTest, MonthAndYear) {
  EXPECT_THAT(Find("in March of 2017 it"),
              ElementsAre(Pair("March of 2017", "2017-03")));
  EXPECT_THAT(Find("since March 2017"), ElementsAre(Pair("March 2017", "2017-03")));
  EXPECT_THAT(Find("in May 2020 the"), ElementsAre(Pair("May 2020", "2020-05")));
  EXPECT_THAT(Find("opened in March.", kFriday),
              ElementsAre(Pair("March", "2020-03")));
}

TEST(FindDatesTest, BareYearsNeedContext) {
  EXPECT_THAT(Find("built by 2025, saying"), ElementsAre(Pair("2025", "2025")));
  EXPECT_THAT(Find("in 2024 the ministry"), ElementsAre(Pair("2024", "2024")));
  EXPECT_THAT(Find("from 2019 to 2021"),
              ElementsAre(Pair("2019", "2019"), Pair("2021", "2021")));
  EXPECT_THAT(Find("between 2021 and 2023."),
              ElementsAre(Pair("2021", "2021"), Pair("2023", "2023")));
  EXPECT_THAT(Find("in 2019-2021"),
              ElementsAre(Pair("2019", "2019"), Pair("2021", "2021")));
  EXPECT_THAT(Find("the end of 2024."), ElementsAre(Pair("2024", "2024")));
  EXPECT_THAT(Find("2,024 beds"), IsEmpty());
  EXPECT_THAT(Find("It has 2024 beds"), IsEmpty());
  EXPECT_THAT(Find("in 2024 beds were added"), IsEmpty());
  EXPECT_THAT(Find("received 2024 doses"), IsEmpty());
  EXPECT_THAT(Find("in 1850"), IsEmpty());  // outside 1900-2100
  EXPECT_THAT(Find("© 2013-2020 DalaNews"), IsEmpty());
}

TEST(FindDatesTest, Relative) {
  EXPECT_THAT(Find("today and yesterday, not tomorrow", kFriday),
              ElementsAre(Pair("today", "2020-05-29"), Pair("yesterday", "2020-05-28"),
                          Pair("tomorrow", "2020-05-30")));
  EXPECT_THAT(Find("by the end of next year", kFriday),
              ElementsAre(Pair("next year", "2021")));
  EXPECT_THAT(Find("last year and this year", kFriday),
              ElementsAre(Pair("last year", "2019"), Pair("this year", "2020")));
  EXPECT_THAT(Find("next month", kFriday), ElementsAre(Pair("next month", "2020-06")));
  EXPECT_THAT(Find("last month", CivilDay(2020, 1, 10)),
              ElementsAre(Pair("last month", "2019-12")));
  EXPECT_THAT(Find("last week", kFriday), ElementsAre(Pair("last week", "2020-W21")));
  EXPECT_THAT(Find("last March", kFriday), ElementsAre(Pair("last March", "2020-03")));
  EXPECT_THAT(Find("next March", kFriday), ElementsAre(Pair("next March", "2021-03")));
}

TEST(FindDatesTest, WeekdaysResolveToNearestNotAfterReference) {
  EXPECT_THAT(Find("President on Friday ordered", kFriday),
              ElementsAre(Pair("Friday", "2020-05-29")));
  EXPECT_THAT(Find("on Monday", kFriday), ElementsAre(Pair("Monday", "2020-05-25")));
  EXPECT_THAT(Find("on Saturday", kFriday),
              ElementsAre(Pair("Saturday", "2020-05-23")));
  EXPECT_THAT(Find("last Friday", kFriday),
              ElementsAre(Pair("last Friday", "2020-05-22")));
  EXPECT_THAT(Find("next Monday", kFriday),
              ElementsAre(Pair("next Monday", "2020-06-01")));
}

TEST(FindDatesTest, RangesAndFlags) {
  std::string_view text = "in March 2017 and on 2024-03-14 and next year";
  std::vector<Token> tokens = Tokenize(text);
  CivilDay ref(2024, 6, 1);
  std::vector<DateMatch> m = FindDates(text, tokens, &ref);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].range_begin, "2017-03-01");
  EXPECT_EQ(m[0].range_end, "2017-03-31");
  EXPECT_TRUE(m[0].has_year);
  EXPECT_FALSE(m[0].relative);
  EXPECT_EQ(m[1].range_begin, "2024-03-14");
  EXPECT_EQ(m[1].range_end, "2024-03-14");
  EXPECT_EQ(m[2].iso, "2025");
  EXPECT_EQ(m[2].range_begin, "2025-01-01");
  EXPECT_EQ(m[2].range_end, "2025-12-31");
  EXPECT_TRUE(m[2].relative);
  EXPECT_FALSE(m[2].has_year);
}

TEST(FindDatesTest, QuartersAndHalves) {
  EXPECT_THAT(Find("profit in the first quarter of 2024 rose"),
              ElementsAre(Pair("first quarter of 2024", "2024-Q1")));
  EXPECT_THAT(Find("in the third quarter 2023 and Q4 2023, H1 2022 and Q2 of 2021"),
              ElementsAre(Pair("third quarter 2023", "2023-Q3"),
                          Pair("Q4 2023", "2023-Q4"), Pair("H1 2022", "2022-H1"),
                          Pair("Q2 of 2021", "2021-Q2")));
  EXPECT_THAT(Find("during the second half of 2023."),
              ElementsAre(Pair("second half of 2023", "2023-H2")));
  // "last" names the final part when a year follows.
  EXPECT_THAT(Find("in the last quarter of 2023"),
              ElementsAre(Pair("last quarter of 2023", "2023-Q4")));
  // Relative to the publication date.
  const CivilDay reference(2024, 5, 10);
  EXPECT_THAT(Find("by the first half of next year", reference),
              ElementsAre(Pair("first half of next year", "2025-H1")));
  EXPECT_THAT(Find("in the second half of the year", reference),
              ElementsAre(Pair("second half of the year", "2024-H2")));
  EXPECT_THAT(Find("sales last quarter fell; Q3 looks better", reference),
              ElementsAre(Pair("last quarter", "2024-Q1"), Pair("Q3", "2024-Q3")));
  EXPECT_THAT(Find("next quarter", CivilDay(2024, 11, 2)),
              ElementsAre(Pair("next quarter", "2025-Q1")));
  // Ranges cover the whole part.
  std::string text = "the fourth quarter of 2024";
  std::vector<DateMatch> matches = FindDates(text, Tokenize(text), nullptr);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].range_begin, "2024-10-01");
  EXPECT_EQ(matches[0].range_end, "2024-12-31");
  EXPECT_TRUE(matches[0].has_year);
  // A game's halves and quarters, "H1" alone: not dates. A part that does
  // not exist leaves only the year.
  EXPECT_THAT(Find("scored in the first half and the third quarter"), IsEmpty());
  EXPECT_THAT(Find("H1 headings and Q5 2024"), IsEmpty());
  EXPECT_THAT(Find("the fifth quarter of 2024"), ElementsAre(Pair("2024", "2024")));
  EXPECT_THAT(Find("the third half of 2024"), ElementsAre(Pair("2024", "2024")));
}

TEST(FindDatesTest, DecadesAndMidYear) {
  EXPECT_THAT(Find("since the 1990s and in the 2010s"),
              ElementsAre(Pair("1990s", "199X"), Pair("2010s", "201X")));
  std::string text = "built in the 1970s";
  std::vector<DateMatch> matches = FindDates(text, Tokenize(text), nullptr);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].range_begin, "1970-01-01");
  EXPECT_EQ(matches[0].range_end, "1979-12-31");
  EXPECT_THAT(Find("expected by mid-2024."), ElementsAre(Pair("mid-2024", "2024")));
  // Not decades or years: counts, a non-round year, other hyphenated words.
  EXPECT_THAT(Find("1995s 100s of 1000s mid-term mid-20245"), IsEmpty());
}

TEST(FindDatesTest, MayIsAMonthOnlyNextToADayOrYear) {
  EXPECT_THAT(Find("May Abenova said"), IsEmpty());
  EXPECT_THAT(Find("Theresa May said it may rain"), IsEmpty());
  EXPECT_THAT(Find("on May 5 she", kFriday), ElementsAre(Pair("May 5", "2020-05-05")));
  EXPECT_THAT(Find("on 5 May she", kFriday), ElementsAre(Pair("5 May", "2020-05-05")));
  EXPECT_THAT(Find("plans two million doses a month from May.", kFriday),
              ElementsAre(Pair("May", "2020-05")));
  EXPECT_THAT(Find("before the end of May.", kFriday),
              ElementsAre(Pair("May", "2020-05")));
  EXPECT_THAT(Find("in May Abenova's office", kFriday), IsEmpty());
}

TEST(FindDatesTest, NotDates) {
  EXPECT_THAT(Find("three years and 10 days at 09:40"), IsEmpty());
  EXPECT_THAT(Find("COVID-19 cases rose 47%"), IsEmpty());
  EXPECT_THAT(Find("Tel.: +7 (7172) 55-01-23"), IsEmpty());
  EXPECT_THAT(Find("He will march on"), IsEmpty());
  // A relative expression without a reference is found but not resolved.
  EXPECT_THAT(Find("yesterday"), ElementsAre(Pair("yesterday", "")));
}

TEST(FindDatesTest, MatchesAreSortedAndDisjoint) {
  std::string_view text =
      "Tuesday, 2 june 2020 in 2019-2021 on Oct. 3 last week 2024-03-14T09:40";
  std::vector<Token> tokens = Tokenize(text);
  CivilDay ref(2020, 6, 2);
  std::vector<DateMatch> m = FindDates(text, tokens, &ref);
  ASSERT_EQ(m.size(), 6u);
  for (size_t i = 1; i < m.size(); ++i) EXPECT_LE(m[i - 1].end, m[i].begin);
}

TEST(ParseDateTest, ChromeAndMetaForms) {
  struct Case {
    const char* input;
    const char* iso;
  } cases[] = {
      {"2024-03-14", "2024-03-14"},
      {"2024-03-14T09:40:00+06:00", "2024-03-14T09:40"},
      {"14 March 2021, 09:40", "2021-03-14T09:40"},
      {"22 april 2019", "2019-04-22"},
      {"11 may 2021 - 10:05", "2021-05-11T10:05"},
      {"Tuesday, 2 june 2020", "2020-06-02"},
      {"Oct. 3, 2023", "2023-10-03"},
      {"March 14, 2024", "2024-03-14"},
      {"  2024  ", "2024"},
      {"Thu, 14 Mar 2024 09:40:00 GMT", "2024-03-14T09:40"},
      {"14.03.2024 10:15", "2024-03-14T10:15"},
  };
  for (const Case& c : cases) {
    std::optional<DateMatch> m = ParseDate(c.input);
    ASSERT_TRUE(m.has_value()) << c.input;
    EXPECT_EQ(m->iso, c.iso) << c.input;
    EXPECT_TRUE(m->has_year) << c.input;
  }
}

TEST(ParseDateTest, RejectsNonDates) {
  EXPECT_FALSE(ParseDate("").has_value());
  EXPECT_FALSE(ParseDate("yesterday").has_value());
  EXPECT_FALSE(ParseDate("Oct. 3").has_value());  // no year, no reference
  EXPECT_FALSE(ParseDate("14 March 2021 Photo").has_value());
  EXPECT_FALSE(ParseDate("2024 beds").has_value());
  EXPECT_FALSE(ParseDate("hello").has_value());
}

}  // namespace
}  // namespace newsgraph
