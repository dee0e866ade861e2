// GoogleTest matchers for absl::Status / absl::StatusOr, which Debian's
// Abseil does not ship.
//
//   EXPECT_THAT(store.Get("x"), StatusIs(absl::StatusCode::kNotFound));
//   ASSERT_THAT(DoThing(), IsOk());
//   ASSERT_OK_AND_ASSIGN(auto doc, store.Get(id));
#ifndef NEWSGRAPH_COMMON_STATUS_STATUS_MATCHERS_H_
#define NEWSGRAPH_COMMON_STATUS_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace testing_internal {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace testing_internal

MATCHER(IsOk, "is OK") {
  const absl::Status& status = testing_internal::GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(StatusIs, code,
          "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = testing_internal::GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = testing_internal::GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

}  // namespace newsgraph

#define NEWSGRAPH_TEST_CONCAT_INNER_(a, b) a##b
#define NEWSGRAPH_TEST_CONCAT_(a, b) NEWSGRAPH_TEST_CONCAT_INNER_(a, b)

// Asserts that `rexpr` is OK and moves its value into `lhs`.
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                    \
  auto NEWSGRAPH_TEST_CONCAT_(_statusor_, __LINE__) = (rexpr);              \
  ASSERT_TRUE(NEWSGRAPH_TEST_CONCAT_(_statusor_, __LINE__).ok())            \
      << NEWSGRAPH_TEST_CONCAT_(_statusor_, __LINE__).status();             \
  lhs = std::move(NEWSGRAPH_TEST_CONCAT_(_statusor_, __LINE__)).value()

#endif  // NEWSGRAPH_COMMON_STATUS_STATUS_MATCHERS_H_
