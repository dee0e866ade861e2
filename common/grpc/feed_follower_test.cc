#include "common/grpc/feed_follower.h"

#include "gtest/gtest.h"

namespace newsgraph {
namespace {

FeedFollowerOptions CatchingUp() {
  FeedFollowerOptions options;
  options.max_batch = 256;
  options.catch_up_batch = 4096;
  return options;
}

TEST(ShouldApplyBatchTest, CaughtUpAppliesAtOnce) {
  EXPECT_TRUE(ShouldApplyBatch(CatchingUp(), 1, /*caught_up=*/true, 0));
}

TEST(ShouldApplyBatchTest, NearTheHeadBatchesStaySmall) {
  const FeedFollowerOptions options = CatchingUp();
  EXPECT_FALSE(ShouldApplyBatch(options, 255, false, 4095));
  EXPECT_TRUE(ShouldApplyBatch(options, 256, false, 4095));
}

TEST(ShouldApplyBatchTest, DeepBacklogGrowsBatchesUntilFull) {
  const FeedFollowerOptions options = CatchingUp();
  EXPECT_FALSE(ShouldApplyBatch(options, 256, false, 4096));
  EXPECT_FALSE(ShouldApplyBatch(options, 4095, false, 100000));
  EXPECT_TRUE(ShouldApplyBatch(options, 4096, false, 100000));
  // The backlog drained below catch_up_batch: a large gathered batch goes.
  EXPECT_TRUE(ShouldApplyBatch(options, 3000, false, 4000));
}

TEST(ShouldApplyBatchTest, DefaultsCutOnSizeOnly) {
  FeedFollowerOptions options;  // max_batch 256, no catch-up batches
  EXPECT_FALSE(ShouldApplyBatch(options, 255, false, 1000000));
  EXPECT_TRUE(ShouldApplyBatch(options, 256, false, 1000000));
}

}  // namespace
}  // namespace newsgraph
