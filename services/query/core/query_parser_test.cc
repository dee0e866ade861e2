#include "services/query/core/query_parser.h"

#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::vector<std::string>> Groups(const ParsedQuery& q) {
  std::vector<std::vector<std::string>> out;
  for (const auto& g : q.required) {
    std::vector<std::string> clauses;
    for (const auto& c : g) {
      std::string joined;
      for (const auto& t : c.terms) joined += (joined.empty() ? "" : "_") + t;
      clauses.push_back(joined);
    }
    out.push_back(clauses);
  }
  return out;
}

TEST(QueryParserTest, WordsPhrasesOrAndExclusions) {
  ASSERT_OK_AND_ASSIGN(ParsedQuery q,
                       ParseQuery("Hospital \"Health  Minister\" vaccine OR Vaccination -covid -\"press release\""));
  EXPECT_THAT(Groups(q), ElementsAre(ElementsAre("hospital"), ElementsAre("health_minister"),
                                     ElementsAre("vaccine", "vaccination")));
  ASSERT_EQ(q.excluded.size(), 2u);
  EXPECT_THAT(q.excluded[0].terms, ElementsAre("covid"));
  EXPECT_THAT(q.excluded[1].terms, ElementsAre("press", "release"));
  EXPECT_EQ(q.required[1][0].position, 9u);
}

TEST(QueryParserTest, QuotedClausesAreMarked) {
  ASSERT_OK_AND_ASSIGN(ParsedQuery q, ParseQuery("\"Vaccinated\" vaccines -\"clinics\" -wards"));
  ASSERT_EQ(q.required.size(), 2u);
  EXPECT_THAT(q.required[0][0].terms, ElementsAre("vaccinated"));
  EXPECT_TRUE(q.required[0][0].quoted);
  EXPECT_FALSE(q.required[1][0].quoted);
  ASSERT_EQ(q.excluded.size(), 2u);
  EXPECT_TRUE(q.excluded[0].quoted);
  EXPECT_FALSE(q.excluded[1].quoted);
}

TEST(QueryParserTest, OrChainsAndLowercaseOrIsAWord) {
  ASSERT_OK_AND_ASSIGN(ParsedQuery q, ParseQuery("a OR b OR c d or e"));
  EXPECT_THAT(Groups(q), ElementsAre(ElementsAre("a", "b", "c"), ElementsAre("d"),
                                     ElementsAre("or"), ElementsAre("e")));
}

TEST(QueryParserTest, Filters) {
  ASSERT_OK_AND_ASSIGN(
      ParsedQuery q,
      ParseQuery("clinic entity:\"Nur-Daulet Abenov\" entity:E12 type:org TYPE:Person "
                 "source:Example.KZ after:2020-01-01 before:2021-06"));
  EXPECT_THAT(Groups(q), ElementsAre(ElementsAre("clinic")));
  EXPECT_THAT(q.filters.entities, ElementsAre("Nur-Daulet Abenov", "E12"));
  EXPECT_THAT(q.filters.types, ElementsAre(EntityType::kOrganization, EntityType::kPerson));
  EXPECT_THAT(q.filters.sources, ElementsAre("example.kz"));
  EXPECT_EQ(q.filters.after_day, ParseDay("2020-01-01"));
  EXPECT_EQ(q.filters.before_day, ParseDay("2021-06-01"));
  EXPECT_EQ(*ParseDay("1970-01-02"), 1);
  EXPECT_EQ(FormatDay(*ParseDay("2024-02-29")), "2024-02-29");
}

TEST(QueryParserTest, UnknownKeyIsText) {
  ASSERT_OK_AND_ASSIGN(ParsedQuery q, ParseQuery("covid:19"));
  EXPECT_FALSE(q.required.empty());
}

TEST(QueryParserTest, TokenizerSplitsBecomePhrases) {
  ASSERT_OK_AND_ASSIGN(ParsedQuery q, ParseQuery("Shymkent’s"));
  ASSERT_EQ(q.required.size(), 1u);
  EXPECT_GE(q.required[0][0].terms.size(), 1u);
  EXPECT_EQ(q.required[0][0].terms[0], "shymkent");
}

TEST(QueryParserTest, ErrorsCarryTheBytePosition) {
  auto at = [](int n) { return HasSubstr("at byte " + std::to_string(n) + ":"); };
  EXPECT_THAT(ParseQuery("clinic \"open"), StatusIs(absl::StatusCode::kInvalidArgument, at(7)));
  EXPECT_THAT(ParseQuery("entity:\"Abenov"), StatusIs(absl::StatusCode::kInvalidArgument, at(7)));
  EXPECT_THAT(ParseQuery("clinic entity:"), StatusIs(absl::StatusCode::kInvalidArgument, at(14)));
  EXPECT_THAT(ParseQuery("clinic entity:\"\""), StatusIs(absl::StatusCode::kInvalidArgument, at(14)));
  EXPECT_THAT(ParseQuery("type:ROBOT"), StatusIs(absl::StatusCode::kInvalidArgument, at(5)));
  EXPECT_THAT(ParseQuery("x after:2021-02-30"), StatusIs(absl::StatusCode::kInvalidArgument, at(8)));
  EXPECT_THAT(ParseQuery("x before:yesterday"), StatusIs(absl::StatusCode::kInvalidArgument, at(9)));
  EXPECT_THAT(ParseQuery("OR clinic"), StatusIs(absl::StatusCode::kInvalidArgument, at(0)));
  EXPECT_THAT(ParseQuery("clinic OR"), StatusIs(absl::StatusCode::kInvalidArgument, at(7)));
  EXPECT_THAT(ParseQuery("a OR -b"), StatusIs(absl::StatusCode::kInvalidArgument, at(5)));
  EXPECT_THAT(ParseQuery("-source:x.kz"), StatusIs(absl::StatusCode::kInvalidArgument, at(0)));
}

TEST(QueryParserTest, OverlongAndOverlyComplexQueriesAreRefused) {
  EXPECT_THAT(ParseQuery(std::string(kMaxQueryBytes + 1, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bytes")));
  std::string many;
  for (size_t i = 0; i <= kMaxQueryTerms; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_THAT(ParseQuery(many),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("terms")));
  many.resize(many.rfind("w"));  // exactly the limit is fine
  EXPECT_TRUE(ParseQuery(many).ok());
}

TEST(QueryParserTest, DatesAreValidated) {
  EXPECT_TRUE(ParseDay("2021").has_value());
  EXPECT_TRUE(ParseDay("2021-02").has_value());
  EXPECT_FALSE(ParseDay("2021-2").has_value());
  EXPECT_FALSE(ParseDay("2021-02-29").has_value());
  EXPECT_FALSE(ParseDay("20x1").has_value());
  EXPECT_EQ(ParseLeadingDay("2021-03-04T09:40"), ParseDay("2021-03-04"));
}

}  // namespace
}  // namespace newsgraph
