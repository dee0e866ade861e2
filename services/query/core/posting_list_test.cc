#include "services/query/core/posting_list.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace newsgraph {
namespace {

std::string List(const std::vector<std::pair<uint32_t, std::vector<uint32_t>>>& postings) {
  std::string list;
  for (const auto& [docnum, positions] : postings) {
    AppendToFragment(docnum, EncodePostingEntry(static_cast<uint32_t>(positions.size()), positions),
                     &list);
  }
  return list;
}

TEST(MergedListCursorTest, SeeksForwardToTheFirstDocnumAtLeastTheTarget) {
  const std::string list = List({{2, {1}}, {5, {0, 7}}, {9, {3}}, {300, {4, 5, 6}}});
  MergedListCursor cursor(list);
  ASSERT_TRUE(cursor.SeekAtLeast(1));
  EXPECT_EQ(cursor.docnum(), 2u);
  ASSERT_TRUE(cursor.SeekAtLeast(2));  // stays
  EXPECT_EQ(cursor.docnum(), 2u);
  ASSERT_TRUE(cursor.SeekAtLeast(6));
  EXPECT_EQ(cursor.docnum(), 9u);
  ASSERT_TRUE(cursor.SeekAtLeast(300));
  Posting posting;
  ASSERT_TRUE(cursor.Entry(&posting));
  EXPECT_EQ(posting.docnum, 300u);
  EXPECT_EQ(posting.tf, 3u);
  std::vector<uint32_t> positions;
  DecodePositions(posting, &positions);
  EXPECT_EQ(positions, (std::vector<uint32_t>{4, 5, 6}));
  EXPECT_FALSE(cursor.SeekAtLeast(301));
  EXPECT_TRUE(cursor.ok());
}

TEST(MergedListCursorTest, StopsAtATruncatedList) {
  std::string list = List({{2, {1}}, {5, {0, 7}}});
  list.resize(list.size() - 2);  // the second entry claims more bytes than remain
  MergedListCursor cursor(list);
  ASSERT_TRUE(cursor.SeekAtLeast(2));
  EXPECT_FALSE(cursor.SeekAtLeast(3));
  EXPECT_FALSE(cursor.ok());
}

// Against a brute-force count on random lists: documents in either list
// alone, positions that repeat, far apart or side by side, and long deltas
// (several varint bytes).
TEST(AdjacentFrequenciesTest, CountsPositionsOfTheSecondListOnePastTheFirst) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::pair<uint32_t, std::vector<uint32_t>>> first, second;
    for (uint32_t docnum = 1; docnum < 400; docnum += 1 + rng() % (round % 3 == 0 ? 300 : 3)) {
      auto positions = [&] {
        std::set<uint32_t> set;
        const int n = 1 + static_cast<int>(rng() % 6);
        for (int i = 0; i < n; ++i) set.insert(rng() % (round % 2 == 0 ? 12 : 40000));
        return std::vector<uint32_t>(set.begin(), set.end());
      };
      if (rng() % 4 != 0) first.emplace_back(docnum, positions());
      if (rng() % 4 != 0) second.emplace_back(docnum, positions());
    }
    FrequencyList expected;
    for (const auto& [docnum, a] : first) {
      auto it = std::find_if(second.begin(), second.end(),
                             [docnum = docnum](const auto& p) { return p.first == docnum; });
      if (it == second.end()) continue;
      uint32_t freq = 0;
      for (uint32_t position : a) {
        freq += std::count(it->second.begin(), it->second.end(), position + 1);
      }
      if (freq == 0) continue;
      expected.docnums.push_back(docnum);
      expected.tfs.push_back(freq);
    }
    FrequencyList got;
    got.docnums = {99};  // replaced, not appended to
    ASSERT_TRUE(AdjacentFrequencies(List(first), List(second), &got));
    EXPECT_EQ(got.docnums, expected.docnums) << "round " << round;
    EXPECT_EQ(got.tfs, expected.tfs) << "round " << round;
  }
  FrequencyList got;
  // Varints of one to five bytes: docnums and positions past 2^21 and 2^28.
  ASSERT_TRUE(AdjacentFrequencies(
      List({{3, {0, 5, 9}}, {3000000, {7, 300000000}}, {400000000, {2}}}),
      List({{3, {1, 6, 7, 10}}, {3000000, {8, 300000001}}, {400000000, {4}}}), &got));
  EXPECT_EQ(got.docnums, (std::vector<uint32_t>{3, 3000000}));
  EXPECT_EQ(got.tfs, (std::vector<uint32_t>{3, 2}));
  ASSERT_TRUE(AdjacentFrequencies("", List({{3, {1}}}), &got));
  EXPECT_TRUE(got.docnums.empty());
}

TEST(AdjacentFrequenciesTest, RejectsATruncatedList) {
  std::string list = List({{2, {1}}, {5, {0, 7}}});
  list.resize(list.size() - 2);
  FrequencyList got;
  EXPECT_FALSE(AdjacentFrequencies(List({{2, {0}}, {5, {6}}}), list, &got));
}

}  // namespace
}  // namespace newsgraph
