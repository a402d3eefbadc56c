// Tests the array test helpers: InferWithValues reports shapes and published values with Const
// and Placeholder inputs; RunWithSpecs feeds partially known placeholders and reports errors.
#include "ops/array/testing/array_test_util.h"

#include <cstdint>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ArrayTestUtilTest, InferWithValuesReportsShapesAndValues) {
  // A Const input: Identity passes the constant's value through.
  ASSERT_OK_AND_ASSIGN(InferredOutputs out,
                       InferWithValues("Identity", {Val(MakeTensor<int32_t>({2}, {3, 4}))}));
  EXPECT_THAT(out.shapes, ElementsAre("[2]"));
  EXPECT_THAT(out.values, ElementsAre("int32 [2] {3, 4}"));
  EXPECT_THAT(out.shape_values, ElementsAre(""));
  // Shape publishes its value: the dims when known, else the partial shape.
  ASSERT_OK_AND_ASSIGN(out, InferWithValues("Shape", {Ph(DT_FLOAT, "[2,3]")}));
  EXPECT_THAT(out.values, ElementsAre("int32 [2] {2, 3}"));
  ASSERT_OK_AND_ASSIGN(out, InferWithValues("Shape", {Ph(DT_FLOAT, "[?,3]")}));
  EXPECT_THAT(out.values, ElementsAre(""));
  EXPECT_THAT(out.shape_values, ElementsAre("[?,3]"));
  EXPECT_THAT(InferShapesWithValues("Identity", {Ph(DT_FLOAT, "[2,x]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bad dim 'x'")));
}

TEST(ArrayTestUtilTest, RunWithSpecsFeedsPartiallyKnownPlaceholders) {
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunWithSpecs("Identity", {Ph(DT_FLOAT, "[?]")},
                                                             {MakeTensor<float>({3}, {1, 2, 3})}));
  EXPECT_THAT(out[0], TensorEq(MakeTensor<float>({3}, {1, 2, 3})));
  EXPECT_THAT(
      RunWithSpecs("Identity", {Ph(DT_FLOAT, "[?]")}, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("more placeholders than feeds")));
  EXPECT_THAT(RunWithSpecs("Identity", {Ph(DT_FLOAT, "[2]")}, {MakeTensor<float>({3}, {1, 2, 3})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input_0")));
}

}  // namespace
}  // namespace rill::testing
