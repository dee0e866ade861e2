#include "services/extraction/grammar/numeric_grammar.h"

#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// (type, span text, value text) for every mention.
using Found = std::tuple<std::string, std::string, std::string>;

std::vector<Found> Find(std::string_view text,
                        std::optional<CivilDay> reference = CivilDay(2020, 5, 29)) {
  std::vector<Token> tokens = Tokenize(text);
  std::vector<Found> out;
  for (const Mention& m : FindNumericMentions(
           text, tokens, reference ? &*reference : nullptr)) {
    out.emplace_back(std::string(EntityTypeName(m.type)), m.text,
                     m.value ? m.value->text : "<none>");
  }
  return out;
}

Found F(std::string type, std::string text, std::string value) {
  return {type, text, value};
}

TEST(FormatDecimalTest, PlainAndExact) {
  EXPECT_EQ(FormatDecimal("142", 5), "14200000");
  EXPECT_EQ(FormatDecimal("125", -1), "12.5");
  EXPECT_EQ(FormatDecimal("1250", -2), "12.5");
  EXPECT_EQ(FormatDecimal("5", -3), "0.005");
  EXPECT_EQ(FormatDecimal("000", 3), "0");
  EXPECT_EQ(FormatDecimal("35", 8), "3500000000");
}

TEST(MoneyTest, TengeAmounts) {
  EXPECT_THAT(Find("a salary of 248,300 tenge a month"),
              ElementsAre(F("MONEY", "248,300 tenge", "248300 KZT")));
  EXPECT_THAT(Find("will cost 148 billion tenge over"),
              ElementsAre(F("MONEY", "148 billion tenge", "148000000000 KZT")));
  EXPECT_THAT(Find("1.2 trillion tenge"),
              ElementsAre(F("MONEY", "1.2 trillion tenge", "1200000000000 KZT")));
  EXPECT_THAT(Find("KZT 5 billion was"),
              ElementsAre(F("MONEY", "KZT 5 billion", "5000000000 KZT")));
  EXPECT_THAT(Find("5000₸ and 12 bln tenge and 7 mln tenge"),
              ElementsAre(F("MONEY", "5000₸", "5000 KZT"),
                          F("MONEY", "12 bln tenge", "12000000000 KZT"),
                          F("MONEY", "7 mln tenge", "7000000 KZT")));
  EXPECT_THAT(Find("the 42,500 tenge social payment"),
              ElementsAre(F("MONEY", "42,500 tenge", "42500 KZT")));
}

TEST(MoneyTest, DollarsEurosRubles) {
  EXPECT_THAT(Find("a US$3.5 million loan"),
              ElementsAre(F("MONEY", "US$3.5 million", "3500000 USD")));
  EXPECT_THAT(Find("worth $4 billion."),
              ElementsAre(F("MONEY", "$4 billion", "4000000000 USD")));
  EXPECT_THAT(Find("$4bn and $3.5m"),
              ElementsAre(F("MONEY", "$4bn", "4000000000 USD"),
                          F("MONEY", "$3.5m", "3500000 USD")));
  EXPECT_THAT(Find("20 million US dollars"),
              ElementsAre(F("MONEY", "20 million US dollars", "20000000 USD")));
  EXPECT_THAT(Find("€20 or 30 euros or 10 EUR"),
              ElementsAre(F("MONEY", "€20", "20 EUR"), F("MONEY", "30 euros", "30 EUR"),
                          F("MONEY", "10 EUR", "10 EUR")));
  EXPECT_THAT(Find("500 rubles"), ElementsAre(F("MONEY", "500 rubles", "500 RUB")));
  EXPECT_THAT(Find("₸38.6 billion and €120 million"),
              ElementsAre(F("MONEY", "₸38.6 billion", "38600000000 KZT"),
                          F("MONEY", "€120 million", "120000000 EUR")));
}

TEST(MoneyTest, UnitAndNumberFields) {
  std::string_view text = "US$3.5 million";
  std::vector<Token> tokens = Tokenize(text);
  std::vector<Mention> m = FindNumericMentions(text, tokens, nullptr);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].type, EntityType::kMoney);
  EXPECT_EQ(m[0].begin, 0u);
  EXPECT_EQ(m[0].end, text.size());
  EXPECT_FLOAT_EQ(m[0].confidence, 1.0f);
  ASSERT_TRUE(m[0].value.has_value());
  EXPECT_EQ(m[0].value->unit, "USD");
  EXPECT_DOUBLE_EQ(m[0].value->number, 3500000.0);
}

TEST(PercentTest, Forms) {
  EXPECT_THAT(Find("of which 60% will"), ElementsAre(F("PERCENT", "60%", "60")));
  EXPECT_THAT(Find("35 percent of doctors"),
              ElementsAre(F("PERCENT", "35 percent", "35")));
  EXPECT_THAT(Find("35 per cent"), ElementsAre(F("PERCENT", "35 per cent", "35")));
  EXPECT_THAT(Find("rose 12.5 % in"), ElementsAre(F("PERCENT", "12.5 %", "12.5")));
  EXPECT_THAT(Find("47%."), ElementsAre(F("PERCENT", "47%", "47")));
}

TEST(QuantityTest, Counts) {
  EXPECT_THAT(Find("86,412 COVID-19 cases"),
              ElementsAre(F("QUANTITY", "86,412", "86412")));
  EXPECT_THAT(Find("14.2 million people"),
              ElementsAre(F("QUANTITY", "14.2 million", "14200000")));
  EXPECT_THAT(Find("310 thousand doses"),
              ElementsAre(F("QUANTITY", "310 thousand", "310000")));
  EXPECT_THAT(Find("hired 1,850 nurses"),
              ElementsAre(F("QUANTITY", "1,850", "1850")));
  EXPECT_THAT(Find("the first 40 clinics"), ElementsAre(F("QUANTITY", "40", "40")));
  EXPECT_THAT(Find("It has 2024 beds"), ElementsAre(F("QUANTITY", "2024", "2024")));
}

TEST(QuantityTest, Units) {
  EXPECT_THAT(Find("18 tons of aid"), ElementsAre(F("QUANTITY", "18 tons", "18 ton")));
  EXPECT_THAT(Find("more than 120 km from"),
              ElementsAre(F("QUANTITY", "120 km", "120 km")));
  EXPECT_THAT(Find("250km away"), ElementsAre(F("QUANTITY", "250km", "250 km")));
  EXPECT_THAT(Find("5,000 square meters"),
              ElementsAre(F("QUANTITY", "5,000 square meters", "5000 square meter")));
  EXPECT_THAT(Find("40 hectares"),
              ElementsAre(F("QUANTITY", "40 hectares", "40 hectare")));
  EXPECT_THAT(Find("a 100 MW plant"), ElementsAre(F("QUANTITY", "100 MW", "100 MW")));
}

TEST(QuantityTest, SpelledNumbersNeedAScaleWord) {
  EXPECT_THAT(Find("two million doses"),
              ElementsAre(F("QUANTITY", "two million", "2000000")));
  EXPECT_THAT(Find("Twenty-five thousand people"),
              ElementsAre(F("QUANTITY", "Twenty-five thousand", "25000")));
  EXPECT_THAT(Find("three billion tenge"),
              ElementsAre(F("MONEY", "three billion tenge", "3000000000 KZT")));
  EXPECT_THAT(Find("three hospitals and one clinic"), IsEmpty());
  EXPECT_THAT(Find("for at least three years"), IsEmpty());
}

TEST(QuantityTest, RatesAreTwoQuantities) {
  EXPECT_THAT(Find("fell to 13.7 per 100,000 live births"),
              ElementsAre(F("QUANTITY", "13.7", "13.7"),
                          F("QUANTITY", "100,000", "100000")));
}

TEST(NegativesTest, DigitDurations) {
  EXPECT_THAT(Find("312 new cases in 24 hours"),
              ElementsAre(F("QUANTITY", "312", "312")));
  EXPECT_THAT(Find("spent 94 days in intensive care"), IsEmpty());
  EXPECT_THAT(Find("born at 25 weeks, weighing 740 grams"),
              ElementsAre(F("QUANTITY", "740 grams", "740 g")));
  EXPECT_THAT(Find("fell to 14 minutes"), IsEmpty());
}

TEST(NegativesTest, NotQuantities) {
  EXPECT_THAT(Find("COVID-19"), IsEmpty());
  EXPECT_THAT(Find("Shymkent City Hospital No. 2"), IsEmpty());
  EXPECT_THAT(Find("the 2nd wave"), IsEmpty());
  EXPECT_THAT(Find("Tel.: +7 (7172) 74-35-11"), IsEmpty());
  EXPECT_THAT(Find("call +7 7172 64 20 20 now"), IsEmpty());
  EXPECT_THAT(Find("call 8 (7172) 55-01-23 now"), IsEmpty());
  EXPECT_THAT(Find("a 45-year-old man"), IsEmpty());
  EXPECT_THAT(Find("at 09:40 local time"), IsEmpty());
  EXPECT_THAT(Find("1. Quarantine rules eased"), IsEmpty());
  EXPECT_THAT(Find("Address: 010000, Nur-Sultan"), IsEmpty());
  EXPECT_THAT(Find("open 24/7"), IsEmpty());
  EXPECT_THAT(Find("the national 150 hotline answered 48,700 calls"),
              ElementsAre(F("QUANTITY", "48,700", "48700")));
  EXPECT_THAT(Find("Room 5 and School 45"), IsEmpty());
  // Lower-case label words are ordinary words.
  EXPECT_THAT(Find("helped train 2,400 midwives"),
              ElementsAre(F("QUANTITY", "2,400", "2400")));
}

TEST(DatesTest, YearsInsideDatesAreNotQuantities) {
  EXPECT_THAT(Find("built by 2025, saying"), ElementsAre(F("DATE", "2025", "2025")));
  EXPECT_THAT(Find("on 14 March 2021, 09:40 the"),
              ElementsAre(F("DATE", "14 March 2021, 09:40", "2021-03-14T09:40")));
  EXPECT_THAT(Find("by the end of next year"),
              ElementsAre(F("DATE", "next year", "2021")));
  EXPECT_THAT(Find("report on the first 40 clinics by Oct. 1."),
              ElementsAre(F("QUANTITY", "40", "40"), F("DATE", "Oct. 1", "2020-10-01")));
  EXPECT_THAT(Find("President on Friday ordered 250 clinics"),
              ElementsAre(F("DATE", "Friday", "2020-05-29"),
                          F("QUANTITY", "250", "250")));
  EXPECT_THAT(Find("May Abenova said 30 nurses"),
              ElementsAre(F("QUANTITY", "30", "30")));
}

TEST(DatesTest, DateValueRange) {
  std::string_view text = "in March of 2017";
  std::vector<Token> tokens = Tokenize(text);
  std::vector<Mention> m = FindNumericMentions(text, tokens, nullptr);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].type, EntityType::kDate);
  EXPECT_EQ(m[0].text, "March of 2017");
  EXPECT_EQ(m[0].value->text, "2017-03");
  EXPECT_EQ(m[0].value->date_begin, "2017-03-01");
  EXPECT_EQ(m[0].value->date_end, "2017-03-31");
}

TEST(ArticleTest, SortedDisjointAndComplete) {
  std::string_view text =
      "NUR-SULTAN. President Yerzhan Kassymbekov on Friday ordered the "
      "construction of 250 primary care clinics in rural districts by 2025. "
      "The programme will cost 148 billion tenge over five years, of which 60% "
      "will come from the national budget. Minister Zhanar Ospanova reported "
      "that 35 percent of doctors are past retirement age; a one-time "
      "allowance of 3 million tenge will be paid by the end of next year.";
  std::vector<Found> found = Find(text);
  EXPECT_THAT(found,
              ElementsAre(F("DATE", "Friday", "2020-05-29"), F("QUANTITY", "250", "250"),
                          F("DATE", "2025", "2025"),
                          F("MONEY", "148 billion tenge", "148000000000 KZT"),
                          F("PERCENT", "60%", "60"), F("PERCENT", "35 percent", "35"),
                          F("MONEY", "3 million tenge", "3000000 KZT"),
                          F("DATE", "next year", "2021")));
  std::vector<Token> tokens = Tokenize(text);
  CivilDay ref(2020, 5, 29);
  std::vector<Mention> m = FindNumericMentions(text, tokens, &ref);
  for (size_t i = 1; i < m.size(); ++i) EXPECT_LE(m[i - 1].end, m[i].begin);
}

}  // namespace
}  // namespace newsgraph
