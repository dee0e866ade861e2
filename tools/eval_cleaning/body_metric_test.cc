#include "tools/eval_cleaning/body_metric.h"

#include "gtest/gtest.h"

namespace newsgraph {
namespace eval {
namespace {

TEST(ScoreBodyTest, IdenticalBodiesScoreOne) {
  const BodyScore score = ScoreBody("a bb\n\nccc", "a  bb ccc");
  EXPECT_EQ(score.matched, 6u);
  EXPECT_DOUBLE_EQ(score.F1(), 1.0);
}

TEST(ScoreBodyTest, ExtraAndMissingTextInCharacters) {
  // Extracted has chrome "Menu" (4) and lacks "ccc" (3).
  const BodyScore score = ScoreBody("Menu a bb", "a bb ccc");
  EXPECT_EQ(score.matched, 3u);
  EXPECT_EQ(score.extracted, 7u);
  EXPECT_EQ(score.gold, 6u);
  EXPECT_DOUBLE_EQ(score.Precision(), 3.0 / 7);
  EXPECT_DOUBLE_EQ(score.Recall(), 0.5);
}

TEST(ScoreBodyTest, OrderMattersAndCodePointsCount) {
  EXPECT_EQ(ScoreBody("b a", "a b").matched, 1u);
  EXPECT_EQ(ScoreBody("Қаз", "Қаз").matched, 3u);
  EXPECT_DOUBLE_EQ(ScoreBody("", "x").F1(), 0.0);
}

}  // namespace
}  // namespace eval
}  // namespace newsgraph
