// Unit tests of the gold reader and validator on small literal articles: the
// validator must accept a correct article and reject each kind of mistake a
// hand-made gold file can contain (an offset off by one above all).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/gold/gold.h"

namespace newsgraph {
namespace gold {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

constexpr char kBody[] =
    "Health Minister Aru Serikbayeva said on 14 March 2024 that salaries "
    "would rise by 20%.\n\n"
    "“We will pay 248,300 tenge,” Serikbayeva said.";

constexpr char kRaw[] =
    "Main | A A A | Қаз | Рус | Eng\n"
    "date 2024-03-14 Photo | example.kz\n"
    "Salaries to rise\n\n"
    "Health Minister Aru Serikbayeva said on 14 March\n"
    "2024 that salaries would rise by 20%.\n\n\n"
    "“We will pay 248,300\xC2\xA0tenge,” Serikb\xD0\xB0yeva said.\n\n"
    "Related news\n";

// A correct gold article for kBody/kRaw, built with offsets computed from the
// body so that the test itself cannot miscount.
Json ValidJson() {
  const std::string body = kBody;
  const auto entity = [&](const std::string& text, const char* type,
                          const char* key, const std::string& extra,
                          size_t from = 0) {
    const size_t begin = body.find(text, from);
    Json e = {{"begin", begin},
              {"end", begin + text.size()},
              {"text", text},
              {"type", type}};
    e[key] = extra;
    return e;
  };
  const std::string quote = "We will pay 248,300 tenge";
  const size_t quote_begin = body.find(quote);
  Json json = {
      {"raw_file", "a.txt"},
      {"content_type", "text/plain"},
      {"url", ""},
      {"title", "Salaries to rise"},
      {"published_date", "2024-03-14T10:00"},
      {"source", "example.kz"},
      {"body", body},
      {"entities",
       Json::array({
           entity("Aru Serikbayeva", "PERSON", "canonical", "Aru Serikbayeva"),
           entity("14 March 2024", "DATE", "value", "2024-03-14"),
           entity("20%", "PERCENT", "value", "20"),
           entity("248,300 tenge", "MONEY", "value", "248300 KZT"),
           entity("Serikbayeva", "PERSON", "canonical", "Aru Serikbayeva",
                  body.find("”")),
       })},
      {"roles", Json::array({{{"person", "Aru Serikbayeva"},
                              {"title", "Health Minister"},
                              {"organization", ""}}})},
      {"quotes", Json::array({{{"begin", quote_begin},
                               {"end", quote_begin + quote.size()},
                               {"text", quote},
                               {"speaker", "Aru Serikbayeva"}}})},
  };
  return json;
}

GoldArticle Parse(const Json& json, const std::string& raw = kRaw) {
  absl::StatusOr<GoldArticle> article =
      ParseGoldArticle(json.dump(), "test/a.gold.json");
  EXPECT_THAT(article, IsOk());
  if (!article.ok()) return GoldArticle();
  article->raw = raw;
  return *article;
}

TEST(GoldValidatorTest, AcceptsCorrectArticle) {
  const GoldArticle article = Parse(ValidJson());
  EXPECT_EQ(article.slug, "a");
  ASSERT_EQ(article.entities.size(), 5u);
  EXPECT_EQ(article.entities[0].type, EntityType::kPerson);
  EXPECT_EQ(article.entities[3].value, "248300 KZT");
  EXPECT_THAT(ValidateGoldArticle(article), IsOk());
}

TEST(GoldValidatorTest, RejectsEntityOffByOne) {
  for (int delta : {-1, 1}) {
    Json json = ValidJson();
    json["entities"][1]["begin"] =
        json["entities"][1]["begin"].get<int>() + delta;
    json["entities"][1]["end"] = json["entities"][1]["end"].get<int>() + delta;
    EXPECT_THAT(
        ValidateGoldArticle(Parse(json)),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("entities[1]")))
        << "delta " << delta;
  }
  Json json = ValidJson();
  json["entities"][0]["end"] = json["entities"][0]["end"].get<int>() - 1;
  EXPECT_THAT(ValidateGoldArticle(Parse(json)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(GoldValidatorTest, RejectsQuoteOffByOne) {
  Json json = ValidJson();
  json["quotes"][0]["end"] = json["quotes"][0]["end"].get<int>() + 1;
  EXPECT_THAT(
      ValidateGoldArticle(Parse(json)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("quotes[0]")));
}

TEST(GoldValidatorTest, RejectsOffsetsOutsideBody) {
  Json json = ValidJson();
  json["entities"][4]["end"] = std::string(kBody).size() + 1;
  EXPECT_THAT(ValidateGoldArticle(Parse(json)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not inside the body")));
}

TEST(GoldValidatorTest, RejectsOffsetsSplittingACharacter) {
  // The quote mark “ is three bytes; an entity starting at its second byte
  // cuts it in half. (Set on the struct: JSON cannot even hold that text.)
  GoldArticle article = Parse(ValidJson());
  const size_t mark = article.body.find("“");
  GoldEntity entity;
  entity.begin = mark + 1;
  entity.end = mark + 5;
  entity.text = article.body.substr(mark + 1, 4);
  entity.type = EntityType::kPerson;
  entity.canonical = "x";
  article.entities = {entity};
  article.roles.clear();
  article.quotes.clear();
  EXPECT_THAT(ValidateGoldArticle(article),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("split a UTF-8 character")));
}

TEST(GoldValidatorTest, RejectsUnknownTypeWhenParsing) {
  Json json = ValidJson();
  json["entities"][0]["type"] = "PER";
  EXPECT_THAT(
      ParseGoldArticle(json.dump(), "x.gold.json"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown type")));
}

TEST(GoldValidatorTest, RejectsMissingOrMalformedValues) {
  Json json = ValidJson();
  json["entities"][1].erase("value");
  EXPECT_THAT(
      ValidateGoldArticle(Parse(json)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("value missing")));

  json = ValidJson();
  json["entities"][3]["value"] = "248,300 KZT";  // separators not allowed
  EXPECT_THAT(ValidateGoldArticle(Parse(json)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("MONEY")));

  json = ValidJson();
  json["entities"][1]["value"] = "14.03.2024";
  EXPECT_THAT(ValidateGoldArticle(Parse(json)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("DATE")));

  json = ValidJson();
  json["entities"][2]["value"] = "20%";
  EXPECT_THAT(
      ValidateGoldArticle(Parse(json)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("PERCENT")));

  json = ValidJson();
  json["entities"][0].erase("canonical");
  EXPECT_THAT(ValidateGoldArticle(Parse(json)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("without canonical")));
}

TEST(GoldValidatorTest, RejectsOverlappingEntities) {
  Json json = ValidJson();
  // "Serikbayeva" inside "Aru Serikbayeva".
  json["entities"].insert(json["entities"].begin() + 1,
                          Json::object({{"begin", 20},
                                        {"end", 31},
                                        {"text", "Serikbayeva"},
                                        {"type", "PERSON"},
                                        {"canonical", "Aru Serikbayeva"}}));
  ASSERT_EQ(std::string(kBody).substr(20, 11), "Serikbayeva");
  EXPECT_THAT(
      ValidateGoldArticle(Parse(json)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("overlaps")));
}

TEST(GoldValidatorTest, RejectsSpeakersAndRolesThatAreNotPersons) {
  Json json = ValidJson();
  json["quotes"][0]["speaker"] = "Serikbayeva";  // not the canonical name
  EXPECT_THAT(
      ValidateGoldArticle(Parse(json)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("speaker")));

  json = ValidJson();
  json["quotes"][0]["speaker"] = "";  // unresolved speaker is allowed
  EXPECT_THAT(ValidateGoldArticle(Parse(json)), IsOk());

  json = ValidJson();
  json["roles"][0]["person"] = "Health Minister";
  EXPECT_THAT(
      ValidateGoldArticle(Parse(json)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("roles[0]")));
}

// Replaces the body (and drops the annotations, which would no longer fit).
Json WithBody(const std::string& body) {
  Json json = ValidJson();
  json["body"] = body;
  json["entities"] = Json::array();
  json["roles"] = Json::array();
  json["quotes"] = Json::array();
  return json;
}

TEST(GoldValidatorTest, RejectsUncleanBodies) {
  EXPECT_THAT(ValidateGoldArticle(Parse(WithBody("Health\nMinister"))),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("single line break")));
  EXPECT_THAT(ValidateGoldArticle(Parse(WithBody("Health\n\n\nMinister"))),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidateGoldArticle(Parse(WithBody("Health\xC2\xA0Minister"))),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("non-plain space")));
  EXPECT_THAT(
      ValidateGoldArticle(Parse(WithBody(" Health Minister"))),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("whitespace")));
  // "mediсal" with a Cyrillic es.
  EXPECT_THAT(
      ValidateGoldArticle(Parse(WithBody("medi\xD1\x81"
                                         "al care"))),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("homoglyph")));
  // Invalid UTF-8 cannot come from a JSON file (the parser refuses it) but
  // can from a struct built in code.
  GoldArticle invalid = Parse(WithBody("x"));
  invalid.body = "Health \xC3\x28 Minister";
  EXPECT_THAT(ValidateGoldArticle(invalid),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_THAT(ValidateGoldArticle(Parse(WithBody(""))),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // A Cyrillic word on its own is not a homoglyph problem.
  EXPECT_THAT(ValidateGoldArticle(Parse(WithBody("Related news"),
                                        "Қаз Salaries to rise Related news")),
              IsOk());
}

TEST(GoldValidatorTest, RequiresBodyParagraphsInRaw) {
  EXPECT_THAT(ValidateGoldArticle(Parse(ValidJson(), "Main | Eng\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not found in raw")));
  // The headline must be there too.
  std::string headless = kRaw;
  headless.erase(headless.find("Salaries to rise"), 16);
  EXPECT_THAT(ValidateGoldArticle(Parse(ValidJson(), headless)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("title")));
  // A changed word in the raw text is caught too.
  std::string raw = kRaw;
  raw.replace(raw.find("salaries"), 8, "salary");
  EXPECT_THAT(ValidateGoldArticle(Parse(ValidJson(), raw)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(GoldValidatorTest, ComparesHtmlWithoutTagsAndReferences) {
  Json json = ValidJson();
  json["content_type"] = "text/html";
  const std::string html =
      "<html><head><title>x</title><script>var s = \"<p>\";</script></head>"
      "<body><nav>Main</nav><h1>Salaries to rise</h1><p>Health Minister <a "
      "href=\"/m\">Aru "
      "Serikbayeva</a> said on 14&nbsp;March 2024 that salaries would rise "
      "by 20&#37;.</p>\n<p>&ldquo;We will pay 248,300 tenge,&#x201D; "
      "Serikbayeva said.</p></body></html>";
  EXPECT_THAT(ValidateGoldArticle(Parse(json, html)), IsOk());
  EXPECT_EQ(ComparisonKey(StripHtmlForComparison("<b>a</b>&amp;&#8217;b")),
            "a&’b");
}

TEST(GoldValidatorTest, ComparisonKeyFoldsHomoglyphsAndSpaces) {
  EXPECT_EQ(ComparisonKey("medi\xD1\x81"
                          "al\xC2\xA0 care\n"),
            "medicalcare");
  EXPECT_EQ(ComparisonKey("Қаз"), "Қaз");  // а folds, Қ and з stay
}

TEST(GoldValidatorTest, ToMentionsCarriesValuesAndCanonicalNames) {
  const GoldArticle article = Parse(ValidJson());
  const std::vector<Mention> mentions = article.ToMentions();
  ASSERT_EQ(mentions.size(), 5u);
  EXPECT_EQ(mentions[4].entity_id, "Aru Serikbayeva");
  ASSERT_TRUE(mentions[3].value.has_value());
  EXPECT_EQ(mentions[3].value->number, 248300);
  EXPECT_EQ(mentions[3].value->unit, "KZT");
  EXPECT_FALSE(mentions[0].value.has_value());
}

class GoldFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::path(::testing::TempDir()) /
        ("gold_validator_test_" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(GoldFilesTest, LoadsDirectorySortedWithRawText) {
  Json b = ValidJson();
  b["raw_file"] = "b.txt";
  Write("b.gold.json", b.dump());
  Write("b.txt", kRaw);
  Write("a.gold.json", ValidJson().dump());
  Write("a.txt", kRaw);
  Write("notes.json", "{}");  // not a gold file
  ASSERT_OK_AND_ASSIGN(std::vector<GoldArticle> articles,
                       LoadGoldDirectory(dir_.string()));
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0].slug, "a");
  EXPECT_EQ(articles[1].slug, "b");
  EXPECT_EQ(articles[1].raw, kRaw);
  for (const GoldArticle& article : articles) {
    EXPECT_THAT(ValidateGoldArticle(article), IsOk());
  }
  EXPECT_THAT(ValidateGoldSet(articles), IsOk());
  articles[1].near_duplicate_of = "c";
  EXPECT_THAT(ValidateGoldSet(articles),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("near_duplicate_of")));
  articles[1].near_duplicate_of = "a";
  EXPECT_THAT(ValidateGoldSet(articles), IsOk());
}

TEST_F(GoldFilesTest, MissingRawFileOrDirectoryIsAnError) {
  Write("a.gold.json", ValidJson().dump());
  EXPECT_THAT(LoadGoldArticle((dir_ / "a.gold.json").string()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(LoadGoldDirectory((dir_ / "nope").string()),
              StatusIs(absl::StatusCode::kNotFound));
  Write("bad.gold.json", "{\"raw_file\": ");
  Write("a.txt", kRaw);
  EXPECT_THAT(LoadGoldArticle((dir_ / "bad.gold.json").string()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not valid JSON")));
}

}  // namespace
}  // namespace gold
}  // namespace newsgraph
