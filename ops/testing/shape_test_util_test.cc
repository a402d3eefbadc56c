// Tests the shape-literal parser and one-op shape inference helper.
#include "ops/testing/shape_test_util.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"

namespace rill::testing {
namespace {

using ::rill::testing::HoldsValue;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ShapeTestUtilTest, ParseShape) {
  EXPECT_EQ(ParseShape("[2,?,3]")->DebugString(), "[2,?,3]");
  EXPECT_EQ(ParseShape("[]")->DebugString(), "[]");
  EXPECT_FALSE(ParseShape("?")->rank_known());
  EXPECT_THAT(ParseShape("[2,x]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bad dim 'x'")));
  EXPECT_THAT(ParseShape("2"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bad shape literal")));
}

TEST(ShapeTestUtilTest, InferOpShapes) {
  EXPECT_THAT(InferOpShapes("Identity", {{DT_FLOAT, "[2,?]"}}), HoldsValue(ElementsAre("[2,?]")));
  EXPECT_THAT(InferOpShapes("Nope", {}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'Nope'")));
}

}  // namespace
}  // namespace rill::testing
