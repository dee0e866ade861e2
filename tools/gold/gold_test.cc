// Checks the committed gold annotations of samples/: every article loads and
// validates, and together they cover what the issues require of the sample
// set (enough articles, HTML among them, every entity type, roles, quotes,
// an unattributed quote, a near-duplicate pair).
#include "tools/gold/gold.h"

#include <cctype>
#include <map>
#include <set>
#include <string>

#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#ifndef NEWSGRAPH_SOURCE_DIR
#error "NEWSGRAPH_SOURCE_DIR must name the repository root"
#endif

namespace newsgraph {
namespace gold {
namespace {

std::vector<GoldArticle> LoadSamples() {
  absl::StatusOr<std::vector<GoldArticle>> articles =
      LoadGoldDirectory(std::string(NEWSGRAPH_SOURCE_DIR) + "/samples");
  EXPECT_THAT(articles, IsOk());
  return articles.ok() ? *articles : std::vector<GoldArticle>();
}

TEST(GoldSamplesTest, EveryArticleValidates) {
  const std::vector<GoldArticle> articles = LoadSamples();
  ASSERT_FALSE(articles.empty());
  for (const GoldArticle& article : articles) {
    EXPECT_THAT(ValidateGoldArticle(article), IsOk()) << article.slug;
  }
  EXPECT_THAT(ValidateGoldSet(articles), IsOk());
}

TEST(GoldSamplesTest, CoversWhatTheIssuesRequire) {
  const std::vector<GoldArticle> articles = LoadSamples();
  EXPECT_GE(articles.size(), 12u);
  int html = 0, roles = 0, quotes = 0, unattributed = 0, near_duplicates = 0;
  std::map<EntityType, int> types;
  for (const GoldArticle& article : articles) {
    if (article.content_type == "text/html") ++html;
    roles += article.roles.size();
    quotes += article.quotes.size();
    for (const GoldQuote& quote : article.quotes) {
      if (quote.speaker.empty()) ++unattributed;
    }
    for (const GoldEntity& entity : article.entities) ++types[entity.type];
    if (!article.near_duplicate_of.empty()) ++near_duplicates;
  }
  EXPECT_GE(html, 4);
  EXPECT_GE(articles.size() - html, 4u);
  for (EntityType type :
       {EntityType::kPerson, EntityType::kOrganization, EntityType::kLocation,
        EntityType::kDate, EntityType::kMoney, EntityType::kPercent,
        EntityType::kQuantity}) {
    EXPECT_GE(types[type], 5) << "type " << static_cast<int>(type);
  }
  EXPECT_GE(roles, 12);
  EXPECT_GE(quotes, 12);
  EXPECT_GE(unattributed, 1);
  EXPECT_GE(near_duplicates, 1);
}

// The mischief the design brief promises must really be in the raw files:
// a Cyrillic letter inside an English word and a non-breaking space.
TEST(GoldSamplesTest, RawFilesCarryUnicodeMischief) {
  int homoglyph_files = 0, nbsp_files = 0;
  for (const GoldArticle& article : LoadSamples()) {
    if (article.raw.find("\xC2\xA0") != std::string::npos ||
        article.raw.find("&nbsp;") != std::string::npos) {
      ++nbsp_files;
    }
    // A Cyrillic с/о/а/е right after a Latin letter: a homoglyph in a word.
    for (const char* cyrillic :
         {"\xD1\x81", "\xD0\xBE", "\xD0\xB0", "\xD0\xB5"}) {
      const size_t at = article.raw.find(cyrillic);
      if (at != std::string::npos && at > 0 &&
          std::isalpha(static_cast<unsigned char>(article.raw[at - 1]))) {
        ++homoglyph_files;
        break;
      }
    }
  }
  EXPECT_GE(homoglyph_files, 5);
  EXPECT_GE(nbsp_files, 5);
}

// At least one article has two different people sharing a surname, each
// with their own canonical name (issue 5's "two Smiths" case).
TEST(GoldSamplesTest, SharedSurnameKeepsTwoCanonicalPersons) {
  bool found = false;
  for (const GoldArticle& article : LoadSamples()) {
    std::map<std::string, std::set<std::string>> by_surname;
    for (const GoldEntity& entity : article.entities) {
      if (entity.type != EntityType::kPerson) continue;
      const size_t space = entity.canonical.rfind(' ');
      if (space == std::string::npos) continue;
      by_surname[entity.canonical.substr(space + 1)].insert(entity.canonical);
    }
    for (const auto& [surname, names] : by_surname) {
      if (names.size() >= 2) found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace gold
}  // namespace newsgraph
