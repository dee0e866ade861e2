#include "common/concurrency/computed_ahead.h"

#include <atomic>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

TEST(ComputedAheadTest, GivesEveryItemInOrderOnceComputed) {
  std::vector<std::string> inputs;
  for (int i = 0; i < 500; ++i) inputs.push_back(std::string(static_cast<size_t>(i % 37), 'a'));
  std::atomic<size_t> calls{0};
  ComputedAhead<std::string> ahead(inputs.size(), [&](size_t i, std::string* out) {
    ++calls;
    *out = absl::StrCat(i, ":", inputs[i].size());
  });
  ASSERT_EQ(ahead.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(ahead.Get(i), absl::StrCat(i, ":", inputs[i].size()));
  }
  EXPECT_EQ(ahead.Get(3), "3:3");  // an item stays readable
  EXPECT_EQ(calls.load(), inputs.size());
}

// A caller that fails part way drops the object: the helper stops early
// instead of computing the rest.
TEST(ComputedAheadTest, StopsWhenDestroyedBeforeTheEnd) {
  std::atomic<size_t> calls{0};
  {
    // 10 s of work in all, after the first item.
    ComputedAhead<int> ahead(10000, [&](size_t i, int* out) {
      ++calls;
      if (i > 0) absl::SleepFor(absl::Milliseconds(1));
      *out = static_cast<int>(i) + 7;
    });
    EXPECT_EQ(ahead.Get(0), 7);
  }
  EXPECT_LT(calls.load(), 10000u);
  ComputedAhead<int> never_read(1000, [](size_t, int* out) { *out = 1; });
  ComputedAhead<int> empty(0, [](size_t, int*) { ADD_FAILURE() << "nothing to compute"; });
}

}  // namespace
}  // namespace newsgraph
