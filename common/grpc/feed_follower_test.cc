#include "common/grpc/feed_follower.h"

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

TEST(ShouldApplyBatchTest, CaughtUpAppliesAtOnce) {
  FeedFollowerOptions options;
  options.max_batch = 4096;
  options.max_batch_delay = absl::Milliseconds(200);
  EXPECT_TRUE(ShouldApplyBatch(options, 1, /*caught_up=*/true, absl::ZeroDuration()));
}

TEST(ShouldApplyBatchTest, BehindGathersUntilFullOrTooOld) {
  FeedFollowerOptions options;
  options.max_batch = 4096;
  options.max_batch_delay = absl::Milliseconds(200);
  EXPECT_FALSE(ShouldApplyBatch(options, 4095, false, absl::Milliseconds(199)));
  EXPECT_TRUE(ShouldApplyBatch(options, 4096, false, absl::Milliseconds(1)));
  EXPECT_TRUE(ShouldApplyBatch(options, 3, false, absl::Milliseconds(200)));
}

TEST(ShouldApplyBatchTest, DefaultsCutOnSizeOnly) {
  FeedFollowerOptions options;  // max_batch 256, no delay bound
  EXPECT_FALSE(ShouldApplyBatch(options, 255, false, absl::Hours(1)));
  EXPECT_TRUE(ShouldApplyBatch(options, 256, false, absl::ZeroDuration()));
}

}  // namespace
}  // namespace newsgraph
