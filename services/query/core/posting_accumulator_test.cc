#include "services/query/core/posting_accumulator.h"

#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/query/core/key_layout.h"
#include "services/query/core/posting_list.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// What Emit handed over, in call order.
struct Emitted {
  std::vector<std::pair<std::string, std::string>> calls;  // key, "D..." or operand
};

Emitted EmitAll(PostingAccumulator* acc) {
  Emitted out;
  acc->Emit(
      [&out](std::string_view key, const std::vector<uint32_t>& docnums) {
        out.calls.emplace_back(std::string(key), MergeDeleteOperand(docnums));
      },
      [&out](std::string_view key, std::string_view operand) {
        out.calls.emplace_back(std::string(key), std::string(operand));
      });
  return out;
}

TEST(PostingAccumulatorTest, OneDocumentGivesTfPositionsAndPairLists) {
  PostingAccumulator acc(WordPairs::kCounts);
  acc.BeginDocument(7);
  acc.AddWord("red", 0);
  acc.AddWord("fox", 1);
  acc.BreakPairs();
  acc.AddWord("red", 20);
  acc.AddWord("fox", 21);
  EXPECT_EQ(acc.EndDocument(), 4u);
  Emitted e = EmitAll(&acc);
  EXPECT_THAT(e.calls,
              ElementsAre(Pair("bred fox", MergeAddOperand(7, EncodePostingEntry(2, {}))),
                          Pair("pfox", MergeAddOperand(7, EncodePostingEntry(2, {1, 21}))),
                          Pair("pred", MergeAddOperand(7, EncodePostingEntry(2, {0, 20}))),
                          Pair("wfox", MergeAddOperand(7, EncodePostingEntry(2, {}))),
                          Pair("wred", MergeAddOperand(7, EncodePostingEntry(2, {})))));
  EXPECT_TRUE(acc.empty());
}

// With pair positions a pair's entry is a positional entry at its first
// word, no pair spans a break, and the words' "p" entries carry tf only.
TEST(PostingAccumulatorTest, PairPositionsAreThoseOfTheirFirstWord) {
  PostingAccumulator acc(WordPairs::kPositions);
  acc.BeginDocument(7);
  acc.AddWord("red", 0);
  acc.AddWord("fox", 1);
  acc.AddWord("red", 2);
  acc.AddWord("fox", 3);
  acc.BreakPairs();
  acc.AddWord("red", 20);
  acc.AddWord("fox", 21);
  EXPECT_EQ(acc.EndDocument(), 6u);
  acc.BeginDocument(9);
  acc.AddWord("fox", 0);
  acc.AddWord("red", 1);
  EXPECT_EQ(acc.EndDocument(), 2u);
  Emitted e = EmitAll(&acc);
  EXPECT_THAT(e.calls,
              ElementsAre(Pair("bfox red", MergeAddOperand(7, EncodePostingEntry(1, {1})) +
                                               MergeAddOperand(9, EncodePostingEntry(1, {0}))
                                                   .substr(1)),
                          Pair("bred fox", MergeAddOperand(7, EncodePostingEntry(3, {0, 2, 20}))),
                          Pair("pfox", MergeAddOperand(7, EncodePostingEntry(3, {})) +
                                           MergeAddOperand(9, EncodePostingEntry(1, {})).substr(1)),
                          Pair("pred", MergeAddOperand(7, EncodePostingEntry(3, {})) +
                                           MergeAddOperand(9, EncodePostingEntry(1, {})).substr(1)),
                          Pair("wfox", MergeAddOperand(7, EncodePostingEntry(3, {})) +
                                           MergeAddOperand(9, EncodePostingEntry(1, {})).substr(1)),
                          Pair("wred", MergeAddOperand(7, EncodePostingEntry(3, {})) +
                                           MergeAddOperand(9, EncodePostingEntry(1, {})).substr(1))));
}

TEST(PostingAccumulatorTest, StemmedRankingListsSumTheirWords) {
  PostingAccumulator acc(WordPairs::kCounts, StemMode::kPorter2);
  acc.BeginDocument(3);
  acc.AddWord("hospitals", 0);
  acc.AddWord("hospital", 1);
  acc.AddWord("hospitals", 2);
  EXPECT_EQ(acc.EndDocument(), 3u);
  acc.BeginDocument(4);
  acc.AddWord("hospital", 0);
  EXPECT_EQ(acc.EndDocument(), 1u);
  Emitted e = EmitAll(&acc);
  std::string hospit = MergeAddOperand(3, EncodePostingEntry(3, {}));
  AppendToFragment(4, EncodePostingEntry(1, {}), &hospit);
  std::string hospital = MergeAddOperand(3, EncodePostingEntry(1, {1}));
  AppendToFragment(4, EncodePostingEntry(1, {0}), &hospital);
  EXPECT_THAT(
      e.calls,
      ElementsAre(Pair("bhospital hospitals", MergeAddOperand(3, EncodePostingEntry(1, {}))),
                  Pair("bhospitals hospital", MergeAddOperand(3, EncodePostingEntry(1, {}))),
                  Pair("phospital", hospital),
                  Pair("phospitals", MergeAddOperand(3, EncodePostingEntry(2, {0, 2}))),
                  Pair("whospit", hospit)));
  // The next batch starts its stem's fragment afresh.
  acc.BeginDocument(5);
  acc.AddWord("hospitals", 0);
  acc.EndDocument();
  e = EmitAll(&acc);
  EXPECT_THAT(e.calls,
              ElementsAre(Pair("phospitals", MergeAddOperand(5, EncodePostingEntry(1, {0}))),
                          Pair("whospit", MergeAddOperand(5, EncodePostingEntry(1, {})))));
}

TEST(PostingAccumulatorTest, WithoutWordPairsWritesNoPairLists) {
  PostingAccumulator acc(WordPairs::kNone);
  acc.BeginDocument(1);
  acc.AddWord("a", 0);
  acc.AddWord("b", 1);
  acc.EndDocument();
  for (const auto& [key, operand] : EmitAll(&acc).calls) EXPECT_NE(key[0], 'b') << key;
}

TEST(PostingAccumulatorTest, RemovesComeBeforeAddsOfTheSameTermAndAreUnique) {
  PostingAccumulator acc(WordPairs::kNone);
  acc.Remove("wfox", 3);
  acc.Remove("wfox", 1);
  acc.Remove("wfox", 3);
  acc.BeginDocument(9);
  acc.AddWord("fox", 0);
  acc.EndDocument();
  acc.AddTerm("eE1", 9, 4);
  Emitted e = EmitAll(&acc);
  EXPECT_THAT(e.calls,
              ElementsAre(Pair("eE1", MergeAddOperand(9, EncodePostingEntry(4, {}))),
                          Pair("pfox", MergeAddOperand(9, EncodePostingEntry(1, {0}))),
                          Pair("wfox", MergeDeleteOperand({1, 3})),
                          Pair("wfox", MergeAddOperand(9, EncodePostingEntry(1, {})))));
}

// Many random documents: every term's operand equals the fragment built one
// posting at a time with posting_list.h's encoders, the way the index wrote
// them before the accumulator.
TEST(PostingAccumulatorTest, MatchesPostingAtATimeEncoding) {
  std::mt19937 rng(11);
  const std::vector<std::string> vocabulary = {"the", "minister", "said", "of", "tenge",
                                               "astana", "budget", "2024", "almaty", "a"};
  PostingAccumulator acc(WordPairs::kCounts);
  std::map<std::string, std::string> expected;  // key -> 'A' fragment
  for (uint32_t docnum = 100; docnum < 160; docnum += 1 + rng() % 3) {
    const int words = 1 + static_cast<int>(rng() % 40);
    std::vector<std::string> text;
    for (int i = 0; i < words; ++i) text.push_back(vocabulary[rng() % vocabulary.size()]);
    acc.BeginDocument(docnum);
    std::map<std::string, std::vector<uint32_t>> positions;
    std::map<std::string, uint32_t> pairs;
    for (size_t i = 0; i < text.size(); ++i) {
      acc.AddWord(text[i], static_cast<uint32_t>(i * 2));  // gaps are allowed
      positions[text[i]].push_back(static_cast<uint32_t>(i * 2));
      if (i > 0) ++pairs[query_keys::WordPairTerm(text[i - 1], text[i])];
    }
    EXPECT_EQ(acc.EndDocument(), static_cast<uint32_t>(words));
    for (const auto& [word, where] : positions) {
      const uint32_t tf = static_cast<uint32_t>(where.size());
      AppendToFragment(docnum, EncodePostingEntry(tf, {}), &expected[query_keys::WordTerm(word)]);
      AppendToFragment(docnum, EncodePostingEntry(tf, where),
                       &expected[query_keys::PositionsTerm(word)]);
    }
    for (const auto& [key, tf] : pairs) {
      AppendToFragment(docnum, EncodePostingEntry(tf, {}), &expected[key]);
    }
  }
  Emitted e = EmitAll(&acc);
  ASSERT_EQ(e.calls.size(), expected.size());
  auto want = expected.begin();
  for (const auto& [key, operand] : e.calls) {
    EXPECT_EQ(key, want->first);
    EXPECT_EQ(operand, "A" + want->second) << key;
    ++want;
  }
}

TEST(PostingAccumulatorTest, EmitClearsForTheNextBatch) {
  PostingAccumulator acc(WordPairs::kCounts);
  acc.BeginDocument(1);
  acc.AddWord("x", 0);
  acc.EndDocument();
  EmitAll(&acc);
  acc.BeginDocument(2);
  acc.AddWord("y", 0);
  acc.EndDocument();
  Emitted e = EmitAll(&acc);
  EXPECT_THAT(e.calls, ElementsAre(Pair("py", MergeAddOperand(2, EncodePostingEntry(1, {0}))),
                                   Pair("wy", MergeAddOperand(2, EncodePostingEntry(1, {})))));
}

// Words and pairs are remembered between batches (their buffers are
// reused); a later batch must still carry only its own postings.
TEST(PostingAccumulatorTest, ReusedWordsCarryOnlyTheNewBatch) {
  PostingAccumulator acc(WordPairs::kCounts);
  acc.BeginDocument(1);
  acc.AddWord("x", 0);
  acc.AddWord("y", 1);
  acc.EndDocument();
  EmitAll(&acc);
  acc.BeginDocument(2);
  acc.AddWord("x", 5);
  acc.EndDocument();
  Emitted e = EmitAll(&acc);
  EXPECT_THAT(e.calls, ElementsAre(Pair("px", MergeAddOperand(2, EncodePostingEntry(1, {5}))),
                                   Pair("wx", MergeAddOperand(2, EncodePostingEntry(1, {})))));
  acc.BeginDocument(3);
  acc.AddWord("x", 0);
  acc.AddWord("y", 1);
  acc.EndDocument();
  e = EmitAll(&acc);
  ASSERT_FALSE(e.calls.empty());
  EXPECT_EQ(e.calls.front().first, "bx y");
  EXPECT_EQ(e.calls.front().second, MergeAddOperand(3, EncodePostingEntry(1, {})));
}

// A failed batch is discarded and its docnum used again: nothing of it may
// survive into the retry.
TEST(PostingAccumulatorTest, DiscardDropsAFailedBatch) {
  PostingAccumulator acc(WordPairs::kNone);
  acc.BeginDocument(4);
  acc.AddWord("x", 0);
  acc.AddWord("x", 1);
  acc.EndDocument();
  acc.AddTerm("tPERSON", 4, 1);
  acc.Remove("wold", 2);
  acc.Discard();
  EXPECT_TRUE(acc.empty());
  acc.BeginDocument(4);
  acc.AddWord("x", 7);
  acc.EndDocument();
  Emitted e = EmitAll(&acc);
  EXPECT_THAT(e.calls, ElementsAre(Pair("px", MergeAddOperand(4, EncodePostingEntry(1, {7}))),
                                   Pair("wx", MergeAddOperand(4, EncodePostingEntry(1, {})))));
}

}  // namespace
}  // namespace newsgraph
