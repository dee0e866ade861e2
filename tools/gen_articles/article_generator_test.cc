#include "tools/gen_articles/article_generator.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::HasSubstr;

std::vector<GeneratedArticle> Generate(const GeneratorOptions& options, int n) {
  absl::StatusOr<ArticleGenerator> generator = ArticleGenerator::Create(options);
  EXPECT_TRUE(generator.ok()) << generator.status();
  std::vector<GeneratedArticle> out;
  if (!generator.ok()) return out;
  for (int i = 0; i < n; ++i) out.push_back(generator->Next());
  return out;
}

bool SameArticle(const GeneratedArticle& a, const GeneratedArticle& b) {
  if (a.id != b.id || a.title != b.title || a.text != b.text ||
      a.published_date != b.published_date || a.source != b.source ||
      a.url != b.url || a.content_type != b.content_type ||
      a.entities.size() != b.entities.size()) {
    return false;
  }
  for (size_t i = 0; i < a.entities.size(); ++i) {
    const GeneratedEntity& x = a.entities[i];
    const GeneratedEntity& y = b.entities[i];
    if (x.begin != y.begin || x.end != y.end || x.type != y.type ||
        x.canonical != y.canonical || x.value != y.value) {
      return false;
    }
  }
  return true;
}

void ExpectOffsetsMatch(const GeneratedArticle& a) {
  uint32_t previous_end = 0;
  for (const GeneratedEntity& e : a.entities) {
    ASSERT_LE(e.begin, e.end) << a.id;
    ASSERT_LE(e.end, a.text.size()) << a.id;
    EXPECT_EQ(a.text.substr(e.begin, e.end - e.begin), e.text) << a.id;
    EXPECT_GE(e.begin, previous_end) << a.id << ": overlapping or unsorted at " << e.text;
    EXPECT_FALSE(e.canonical.empty()) << a.id << " " << e.text;
    const bool valued = e.type == "DATE" || e.type == "MONEY" ||
                        e.type == "PERCENT" || e.type == "QUANTITY";
    EXPECT_EQ(valued, !e.value.empty()) << a.id << " " << e.type << " " << e.text;
    previous_end = e.end;
  }
}

TEST(ArticleGeneratorTest, SameSeedSameSequence) {
  GeneratorOptions options;
  options.seed = 42;
  options.html_fraction = 0.5;
  options.chrome = true;
  const std::vector<GeneratedArticle> a = Generate(options, 30);
  const std::vector<GeneratedArticle> b = Generate(options, 30);
  ASSERT_EQ(a.size(), 30u);
  ASSERT_EQ(b.size(), 30u);
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(SameArticle(a[i], b[i])) << i;
}

TEST(ArticleGeneratorTest, DifferentSeedsDiffer) {
  GeneratorOptions options;
  options.seed = 1;
  const std::vector<GeneratedArticle> a = Generate(options, 20);
  options.seed = 2;
  const std::vector<GeneratedArticle> b = Generate(options, 20);
  int differing = 0;
  for (int i = 0; i < 20; ++i) differing += a[i].text != b[i].text;
  EXPECT_EQ(differing, 20);
}

TEST(ArticleGeneratorTest, EntityOffsetsMatchText) {
  for (bool chrome : {false, true}) {
    GeneratorOptions options;
    options.seed = 9;
    options.chrome = chrome;
    options.html_fraction = 0.5;
    for (const GeneratedArticle& a : Generate(options, 200)) {
      ExpectOffsetsMatch(a);
      EXPECT_FALSE(a.entities.empty()) << a.id;
    }
  }
}

TEST(ArticleGeneratorTest, SizeNearTarget) {
  for (size_t target : {1500u, 3000u, 12000u}) {
    for (bool chrome : {false, true}) {
      GeneratorOptions options;
      options.seed = 5;
      options.target_bytes = target;
      options.chrome = chrome;
      options.html_fraction = 0.3;
      size_t total = 0;
      const std::vector<GeneratedArticle> articles = Generate(options, 100);
      for (const GeneratedArticle& a : articles) {
        total += a.text.size();
        EXPECT_GT(a.text.size(), target / 2) << a.id;
        EXPECT_LT(a.text.size(), target * 2) << a.id;
      }
      const double mean = static_cast<double>(total) / articles.size();
      EXPECT_GT(mean, target * 0.85) << "target " << target << " chrome " << chrome;
      EXPECT_LT(mean, target * 1.2) << "target " << target << " chrome " << chrome;
    }
  }
}

TEST(ArticleGeneratorTest, EveryEntityTypeOccursIn100Articles) {
  GeneratorOptions options;
  options.seed = 3;
  std::set<std::string> types;
  for (const GeneratedArticle& a : Generate(options, 100)) {
    for (const GeneratedEntity& e : a.entities) types.insert(e.type);
  }
  EXPECT_EQ(types, (std::set<std::string>{"PERSON", "ORG", "LOCATION", "DATE",
                                          "MONEY", "PERCENT", "QUANTITY"}));
}

TEST(ArticleGeneratorTest, SurnameAfterFirstMentionKeepsFullCanonical) {
  GeneratorOptions options;
  options.seed = 11;
  int surname_only = 0;
  for (const GeneratedArticle& a : Generate(options, 50)) {
    for (const GeneratedEntity& e : a.entities) {
      if (e.type != "PERSON") continue;
      EXPECT_TRUE(absl::EndsWith(e.canonical, e.text)) << e.text << " / " << e.canonical;
      if (e.text != e.canonical) ++surname_only;
    }
  }
  EXPECT_GT(surname_only, 0);
}

TEST(ArticleGeneratorTest, HtmlIsAPageWithParagraphs) {
  GeneratorOptions options;
  options.seed = 4;
  options.html_fraction = 1.0;
  options.chrome = true;
  for (const GeneratedArticle& a : Generate(options, 50)) {
    ASSERT_EQ(a.content_type, "text/html");
    EXPECT_THAT(a.text, HasSubstr("<html"));
    EXPECT_THAT(a.text, HasSubstr("</html>"));
    EXPECT_THAT(a.text, HasSubstr(absl::StrCat("<h1>", a.title, "</h1>")));
    // Every body entity sits inside a <p>...</p> of the article.
    const size_t article_begin = a.text.find("<article>");
    const size_t article_end = a.text.find("</article>");
    ASSERT_NE(article_begin, std::string::npos);
    ASSERT_NE(article_end, std::string::npos);
    int paragraphs = 0;
    for (size_t p = a.text.find("<p>", article_begin); p < article_end;
         p = a.text.find("<p>", p + 1)) {
      ++paragraphs;
      const size_t close = a.text.find("</p>", p);
      ASSERT_LT(close, article_end + 1);
      // No markup inside a paragraph: the body text sits directly in <p>.
      EXPECT_EQ(a.text.substr(p + 3, close - p - 3).find('<'), std::string::npos);
    }
    EXPECT_GE(paragraphs, 2) << a.id;
    // No characters that would need escaping leak into the text content.
    EXPECT_EQ(a.text.find('&'), std::string::npos) << a.id;
  }
}

TEST(ArticleGeneratorTest, PlainWithoutChromeIsJustTheBody) {
  GeneratorOptions options;
  options.seed = 8;
  for (const GeneratedArticle& a : Generate(options, 20)) {
    EXPECT_EQ(a.content_type, "text/plain");
    EXPECT_THAT(a.text, ::testing::Not(HasSubstr("<p>")));
    EXPECT_THAT(a.text, ::testing::Not(HasSubstr("Related news")));
    EXPECT_THAT(a.text, ::testing::Not(HasSubstr("\u00a9")));
  }
}

TEST(ArticleGeneratorTest, ChromeHasMenusTeasersAndFooter) {
  GeneratorOptions options;
  options.seed = 12;
  options.chrome = true;
  for (const GeneratedArticle& a : Generate(options, 20)) {
    EXPECT_THAT(a.text, HasSubstr(a.title));
    EXPECT_THAT(a.text, HasSubstr("\u00a9"));
    EXPECT_TRUE(absl::StrContains(a.text, "Related news") ||
                absl::StrContains(a.text, "Read also") ||
                absl::StrContains(a.text, "Popular") ||
                absl::StrContains(a.text, "News Partner"))
        << a.text;
  }
}

TEST(ArticleGeneratorTest, BodyIsTheCleanText) {
  GeneratorOptions options;
  options.seed = 14;
  for (const GeneratedArticle& a : Generate(options, 20)) {
    EXPECT_EQ(a.text, absl::StrCat(a.body, "\n"));
  }
  options.chrome = true;
  options.html_fraction = 0.5;
  for (const GeneratedArticle& a : Generate(options, 40)) {
    ASSERT_FALSE(a.body.empty());
    EXPECT_EQ(a.body.find("\n\n\n"), std::string::npos);
    for (absl::string_view paragraph : absl::StrSplit(a.body, "\n\n")) {
      ASSERT_FALSE(paragraph.empty()) << a.id;
      EXPECT_EQ(paragraph.find('\n'), std::string::npos) << a.id;
      if (a.content_type == "text/html") {
        EXPECT_THAT(a.text, HasSubstr(absl::StrCat("<p>", paragraph, "</p>")));
      } else {
        EXPECT_THAT(a.text, HasSubstr(absl::StrCat("\n\n", paragraph, "\n\n")));
      }
    }
    // The chrome (menus, teasers, footers) stays out of the body.
    EXPECT_THAT(a.body, ::testing::Not(HasSubstr("\u00a9")));
    EXPECT_THAT(a.body, ::testing::Not(HasSubstr("Related news")));
    EXPECT_THAT(a.body, ::testing::Not(HasSubstr("Eng")));
  }
}

TEST(ArticleGeneratorTest, NoTwoConsecutiveArticlesIdentical) {
  GeneratorOptions options;
  options.seed = 6;
  const std::vector<GeneratedArticle> articles = Generate(options, 500);
  std::set<std::string> ids;
  for (size_t i = 0; i < articles.size(); ++i) {
    ids.insert(articles[i].id);
    if (i > 0) {
      EXPECT_NE(articles[i].text, articles[i - 1].text) << i;
    }
  }
  EXPECT_EQ(ids.size(), articles.size());
}

TEST(ArticleGeneratorTest, DatesWithinRange) {
  GeneratorOptions options;
  options.seed = 13;
  options.first_date = absl::CivilDay(2021, 3, 1);
  options.last_date = absl::CivilDay(2021, 3, 31);
  for (const GeneratedArticle& a : Generate(options, 100)) {
    EXPECT_TRUE(absl::StartsWith(a.published_date, "2021-03-")) << a.published_date;
  }
}

TEST(ArticleGeneratorTest, RejectsBadOptions) {
  GeneratorOptions options;
  options.html_fraction = 1.5;
  EXPECT_THAT(ArticleGenerator::Create(options).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  options = GeneratorOptions();
  options.first_date = absl::CivilDay(2024, 1, 2);
  options.last_date = absl::CivilDay(2024, 1, 1);
  EXPECT_THAT(ArticleGenerator::Create(options).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  options = GeneratorOptions();
  options.gazetteer_dir = "/nonexistent/gazetteers";
  EXPECT_THAT(ArticleGenerator::Create(options).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(ArticleGeneratorTest, ReadsGazetteerFiles) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("gen_articles_gaz_", getpid());
  std::filesystem::create_directories(dir);
  {
    std::ofstream cities(dir / "cities.tsv");
    cities << "geonameid\tname\tasciiname\tcountry_code\tadmin1_code\t"
              "feature_code\tpopulation\talternate_names\n"
           << "1\tZhanatown\tZhanatown\tKZ\t01\tPPLA\t250000\t\n"
           << "2\tNur-Sultan\tNur-Sultan\tKZ\t05\tPPLC\t300000\t\n"
           << "3\tBigforeign\tBigforeign\tXX\t01\tPPLA\t5000000\t\n";
    std::ofstream countries(dir / "countries.tsv");
    countries << "iso2\tiso3\tname\tofficial_name\tcapital\tdemonym\t"
                 "native_names\taliases\tcontinent\n"
              << "KZ\tKAZ\tKazakhstan\t\tAstana\t\t\t\tAS\n"
              << "XX\tXXX\tTestland\t\t\t\t\t\tEU\n";
  }
  GeneratorOptions options;
  options.seed = 21;
  options.gazetteer_dir = dir.string();
  std::set<std::string> places;
  for (const GeneratedArticle& a : Generate(options, 100)) {
    for (const GeneratedEntity& e : a.entities) {
      if (e.type != "LOCATION") continue;
      places.insert(e.canonical);
      if (e.text == "Nur-Sultan") {
        EXPECT_EQ(e.canonical, "Astana");
      }
    }
  }
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(places.count("Zhanatown"));
  EXPECT_TRUE(places.count("Astana"));
  EXPECT_TRUE(places.count("Kazakhstan"));
  EXPECT_TRUE(places.count("Testland"));
}

}  // namespace
}  // namespace newsgraph
