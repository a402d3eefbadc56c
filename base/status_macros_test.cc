#include "base/status_macros.h"

#include <memory>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

absl::StatusOr<int> ParsePositive(int x) {
  if (x <= 0) return absl::InvalidArgumentError(absl::StrCat("not positive: ", x));
  return x;
}

absl::Status Check(int x, int* calls) {
  ++*calls;
  RETURN_IF_ERROR(ParsePositive(x));
  return absl::OkStatus();
}

absl::StatusOr<int> Double(int x) {
  ASSIGN_OR_RETURN(int v, ParsePositive(x));
  return 2 * v;
}

absl::StatusOr<std::unique_ptr<int>> MakeBox(int x) {
  if (x < 0) return absl::OutOfRangeError("negative box");
  return std::make_unique<int>(x);
}

absl::StatusOr<int> Unbox(int x) {
  std::unique_ptr<int> box;
  ASSIGN_OR_RETURN(box, MakeBox(x));  // assigns into an existing move-only variable
  ASSIGN_OR_RETURN(auto again, MakeBox(x + 1));
  return *box + *again;
}

absl::Status WithContext(int x) {
  RETURN_IF_ERROR_WITH_CONTEXT(ParsePositive(x), "while reading node 'a'");
  return absl::OkStatus();
}

TEST(StatusMacros, ReturnIfErrorPassesOkAndReturnsError) {
  int calls = 0;
  EXPECT_OK(Check(3, &calls));
  EXPECT_THAT(Check(-1, &calls), StatusIs(absl::StatusCode::kInvalidArgument, "not positive: -1"));
  EXPECT_EQ(calls, 2);
}

TEST(StatusMacros, AssignOrReturn) {
  EXPECT_THAT(Double(4), ::rill::testing::IsOk());
  EXPECT_EQ(*Double(4), 8);
  EXPECT_THAT(Double(0), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not positive")));
}

TEST(StatusMacros, AssignOrReturnMoveOnlyAndTwiceInOneFunction) {
  ASSERT_OK_AND_ASSIGN(int v, Unbox(5));
  EXPECT_EQ(v, 11);
  EXPECT_THAT(Unbox(-3), StatusIs(absl::StatusCode::kOutOfRange, "negative box"));
}

TEST(StatusMacros, ContextKeepsCodeAndPrefixesMessage) {
  EXPECT_OK(WithContext(1));
  EXPECT_THAT(WithContext(-2), StatusIs(absl::StatusCode::kInvalidArgument,
                                        "while reading node 'a': not positive: -2"));
}

TEST(StatusMatchers, IsOkAndHoldsChecksStatusAndValue) {
  using ::rill::testing::IsOkAndHolds;
  EXPECT_THAT(Double(4), IsOkAndHolds(8));
  EXPECT_THAT(Double(4), IsOkAndHolds(::testing::Gt(7)));
  EXPECT_THAT(Double(4), ::testing::Not(IsOkAndHolds(9)));
  EXPECT_THAT(Double(-1), ::testing::Not(IsOkAndHolds(::testing::_)));
}

TEST(StatusMatchers, StatusIsRejectsWrongCodeOrMessage) {
  absl::Status s = absl::NotFoundError("no such op 'Foo'");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound, HasSubstr("Foo")));
  EXPECT_THAT(s, ::testing::Not(StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Foo"))));
  EXPECT_THAT(s, ::testing::Not(StatusIs(absl::StatusCode::kNotFound, HasSubstr("Bar"))));
  EXPECT_THAT(s, ::testing::Not(::rill::testing::IsOk()));
  EXPECT_THAT(s, ::rill::testing::StatusCodeIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace rill
