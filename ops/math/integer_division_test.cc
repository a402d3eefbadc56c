// Tests the integer division helpers: rounding of each, the errors, and the INT_MIN edge cases.
#include "ops/math/integer_division.h"

#include <cstdint>
#include <limits>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"

namespace rill::math {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

TEST(IntegerDivisionTest, TruncatingDivideRoundsTowardZero) {
  EXPECT_THAT(TruncatingDivide<int32_t>(7, 2), HoldsValue(Eq(3)));
  EXPECT_THAT(TruncatingDivide<int32_t>(-7, 2), HoldsValue(Eq(-3)));
  EXPECT_THAT(TruncatingDivide<int32_t>(7, -2), HoldsValue(Eq(-3)));
  EXPECT_THAT(TruncatingDivide<int64_t>(-7, -2), HoldsValue(Eq(3)));
  EXPECT_THAT(TruncatingDivide<uint8_t>(255, 2), HoldsValue(Eq(127)));
  EXPECT_THAT(TruncatingDivide<int32_t>(kMin32, 1), HoldsValue(Eq(kMin32)));
}

TEST(IntegerDivisionTest, FlooringDivideRoundsDown) {
  EXPECT_THAT(FlooringDivide<int32_t>(7, 2), HoldsValue(Eq(3)));
  EXPECT_THAT(FlooringDivide<int32_t>(-7, 2), HoldsValue(Eq(-4)));
  EXPECT_THAT(FlooringDivide<int32_t>(7, -2), HoldsValue(Eq(-4)));
  EXPECT_THAT(FlooringDivide<int32_t>(-7, -2), HoldsValue(Eq(3)));
  EXPECT_THAT(FlooringDivide<int32_t>(-6, 2), HoldsValue(Eq(-3)));
  EXPECT_THAT(FlooringDivide<int64_t>(kMin64, 2), HoldsValue(Eq(kMin64 / 2)));
  EXPECT_THAT(FlooringDivide<uint8_t>(7, 2), HoldsValue(Eq(3)));
}

TEST(IntegerDivisionTest, FlooringModuloTakesTheSignOfTheDivisor) {
  EXPECT_THAT(FlooringModulo<int32_t>(7, 3), HoldsValue(Eq(1)));
  EXPECT_THAT(FlooringModulo<int32_t>(-7, 3), HoldsValue(Eq(2)));
  EXPECT_THAT(FlooringModulo<int32_t>(7, -3), HoldsValue(Eq(-2)));
  EXPECT_THAT(FlooringModulo<int32_t>(-7, -3), HoldsValue(Eq(-1)));
  EXPECT_THAT(FlooringModulo<int32_t>(6, -3), HoldsValue(Eq(0)));
  EXPECT_THAT(FlooringModulo<int32_t>(kMin32, -1), HoldsValue(Eq(0)));
  EXPECT_THAT(FlooringModulo<int64_t>(kMin64, -1), HoldsValue(Eq(0)));
  EXPECT_THAT(FlooringModulo<int64_t>(kMin64, 3),
              HoldsValue(Eq(1)));  // -2^63 = -3074457345618258603 * 3 + 1
  EXPECT_THAT(FlooringModulo<uint8_t>(200, 7), HoldsValue(Eq(4)));
}

TEST(IntegerDivisionTest, Errors) {
  EXPECT_THAT(TruncatingDivide<int32_t>(1, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("integer division by zero")));
  EXPECT_THAT(FlooringDivide<uint8_t>(1, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
  EXPECT_THAT(FlooringModulo<int64_t>(1, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
  EXPECT_THAT(TruncatingDivide<int32_t>(kMin32, -1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("integer division overflow: -2147483648 / -1")));
  EXPECT_THAT(FlooringDivide<int64_t>(kMin64, -1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("overflow")));
  EXPECT_OK(CheckIntegerDivision<int32_t>(kMin32 + 1, -1));
}

}  // namespace
}  // namespace rill::math
