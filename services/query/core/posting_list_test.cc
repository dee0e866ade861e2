#include "services/query/core/posting_list.h"

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

}  // namespace
}  // namespace newsgraph
