#include "common/pagination/page_token.h"

#include "common/status/status_matchers.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

TEST(PageTokenTest, RoundTrips) {
  const std::string token = EncodePageToken("docs", std::string("k\0ey", 4));
  ASSERT_OK_AND_ASSIGN(std::string cursor, DecodePageToken("docs", token));
  EXPECT_EQ(cursor, std::string("k\0ey", 4));
}

TEST(PageTokenTest, RejectsGarbageTamperingAndOtherListings) {
  EXPECT_THAT(DecodePageToken("docs", "%%%"), StatusIs(absl::StatusCode::kInvalidArgument));
  std::string token = EncodePageToken("docs", "cursor-1");
  EXPECT_THAT(DecodePageToken("search", token), StatusIs(absl::StatusCode::kInvalidArgument));
  token[3] = token[3] == 'A' ? 'B' : 'A';
  EXPECT_THAT(DecodePageToken("docs", token),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("page_token")));
}

TEST(PageTokenTest, PageSizeDefaultsAndLimits) {
  EXPECT_EQ(*CheckPageSize(0, 20, 1000), 20);
  EXPECT_EQ(*CheckPageSize(50, 20, 1000), 50);
  EXPECT_THAT(CheckPageSize(1001, 20, 1000),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("1000")));
}

}  // namespace
}  // namespace newsgraph
