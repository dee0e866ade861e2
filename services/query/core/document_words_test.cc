#include "services/query/core/document_words.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/query/core/query_parser.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Words(const DocumentWords& words) {
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) out.emplace_back(words.word(i));
  return out;
}

TEST(PackedStringsTest, KeepsEachStringIncludingEmptyOnesUntilCleared) {
  PackedStrings strings;
  strings.Add("wred");
  strings.Add("");
  strings.Add(std::string("b\0x", 3));
  ASSERT_EQ(strings.size(), 3u);
  EXPECT_EQ(strings[0], "wred");
  EXPECT_EQ(strings[1], "");
  EXPECT_EQ(strings[2], std::string_view("b\0x", 3));
  strings.clear();
  EXPECT_EQ(strings.size(), 0u);
  strings.Add("again");
  EXPECT_EQ(strings[0], "again");
}

TEST(DocumentWordsTest, HoldsTheNormalizedWordsOfTitleThenBody) {
  DocumentWords words;
  words.title_words = 99;  // replaced
  GatherDocumentWords("Health Minister Visits", "Dana Serikova said 47% — «Shymkent’s» clinic.",
                      &words);
  EXPECT_EQ(words.title_words, 3u);
  std::vector<std::string> expected = TextTerms("Health Minister Visits");
  for (std::string& w : TextTerms("Dana Serikova said 47% — «Shymkent’s» clinic.")) {
    expected.push_back(w);
  }
  EXPECT_EQ(Words(words), expected);
  EXPECT_THAT(std::vector<std::string>(expected.begin(), expected.begin() + 3),
              ElementsAre("health", "minister", "visits"));
  GatherDocumentWords("", "", &words);
  EXPECT_EQ(words.size(), 0u);
  EXPECT_EQ(words.title_words, 0u);
}

}  // namespace
}  // namespace newsgraph
