// Test-only gMock matchers and macros for absl::Status and absl::StatusOr.
#ifndef RILL_BASE_STATUS_MATCHERS_H_
#define RILL_BASE_STATUS_MATCHERS_H_

#include <ostream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

// Matches an OK absl::Status or absl::StatusOr.
MATCHER(IsOk, "is OK") {
  const absl::Status& s = ::rill::testing::GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s;
  return s.ok();
}

// Matches a non-OK status with the given code whose message matches `message_matcher`.
MATCHER_P2(StatusIs, code, message_matcher,
           std::string("has code ") + absl::StatusCodeToString(code) + " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status& s = ::rill::testing::GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code &&
         ::testing::Matches(message_matcher)(std::string(s.message()));
}

// Matches a status with the given code, whatever its message.
MATCHER_P(StatusCodeIs, code, std::string("has code ") + absl::StatusCodeToString(code)) {
  const absl::Status& s = ::rill::testing::GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code;
}

// Matches an OK absl::StatusOr whose value matches `value_matcher`:
//   EXPECT_THAT(Parse("3"), IsOkAndHolds(3));
MATCHER_P(IsOkAndHolds, value_matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

}  // namespace rill::testing

#define EXPECT_OK(expr) EXPECT_THAT((expr), ::rill::testing::IsOk())
#define ASSERT_OK(expr) ASSERT_THAT((expr), ::rill::testing::IsOk())

#define RILL_MATCHERS_CONCAT_INNER_(a, b) a##b
#define RILL_MATCHERS_CONCAT_(a, b) RILL_MATCHERS_CONCAT_INNER_(a, b)

// ASSERT_OK_AND_ASSIGN(lhs, expr): asserts the StatusOr `expr` is OK and moves its value into lhs.
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  RILL_ASSERT_OK_AND_ASSIGN_IMPL_(RILL_MATCHERS_CONCAT_(rill_statusor_, __LINE__), lhs, expr)
#define RILL_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  ASSERT_THAT(statusor, ::rill::testing::IsOk());          \
  lhs = std::move(statusor).value()

#endif  // RILL_BASE_STATUS_MATCHERS_H_
