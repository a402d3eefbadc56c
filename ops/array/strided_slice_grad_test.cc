// Tests StridedSliceGrad: shapes from the shape input, kernel values (scatter into zeros), errors,
// and its own gradient (it is linear in dy: the gradient is StridedSlice of the incoming one).
#include <cstdint>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor V(std::vector<int32_t> v) {
  return MakeTensor<int32_t>({static_cast<int64_t>(v.size())}, v);
}

OpAttrs Masks(int64_t begin, int64_t end, int64_t shrink = 0) {
  return {{"begin_mask", MakeAttr(begin)},
          {"end_mask", MakeAttr(end)},
          {"shrink_axis_mask", MakeAttr(shrink)}};
}

TEST(StridedSliceGradOpTest, Shapes) {
  EXPECT_THAT(InferShapesWithValues("StridedSliceGrad",
                                    {Val(V({2, 3})), Ph(DT_INT32, "[1]"), Ph(DT_INT32, "[1]"),
                                     Ph(DT_INT32, "[1]"), Ph(DT_FLOAT, "?")}),
              HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(InferShapesWithValues("StridedSliceGrad",
                                    {Ph(DT_INT32, "[3]"), Ph(DT_INT32, "[1]"), Ph(DT_INT32, "[1]"),
                                     Ph(DT_INT32, "[1]"), Ph(DT_FLOAT, "?")}),
              HoldsValue(ElementsAre("[?,?,?]")));
  EXPECT_THAT(
      InferShapesWithValues("StridedSliceGrad",
                            {Ph(DT_INT32, "[2,2]"), Ph(DT_INT32, "[1]"), Ph(DT_INT32, "[1]"),
                             Ph(DT_INT32, "[1]"), Ph(DT_FLOAT, "?")}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (StridedSliceGrad)")));
}

TEST(StridedSliceGradOpTest, Kernel) {
  // x[:, ::-2] of a [2,3] x: dy [2,2] lands in columns 2 and 0.
  ExpectOpOutput(
      "StridedSliceGrad",
      {V({2, 3}), V({0, 0}), V({0, 0}), V({1, -2}), MakeTensor<float>({2, 2}, {1, 2, 3, 4})},
      Masks(3, 3), {MakeTensor<float>({2, 3}, {2, 0, 1, 4, 0, 3})});
  // x[1] of a [2,2] x.
  ExpectOpOutput("StridedSliceGrad",
                 {V({2, 2}), V({1}), V({2}), V({1}), MakeTensor<double>({2}, {5, 6})},
                 Masks(0, 0, 1), {MakeTensor<double>({2, 2}, {0, 0, 5, 6})});
  // An empty slice gives zeros.
  ExpectOpOutput("StridedSliceGrad", {V({3}), V({1}), V({1}), V({1}), MakeTensor<int32_t>({0}, {})},
                 Masks(0, 0), {MakeTensor<int32_t>({3}, {0, 0, 0})});
  EXPECT_THAT(
      RunOp("StridedSliceGrad",
            {V({2, 2}), V({1}), V({2}), V({1}), MakeTensor<float>({3}, {1, 2, 3})}, Masks(0, 0, 1)),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (StridedSliceGrad): shape of dy was [3] instead of "
                         "[2]")));
  EXPECT_THAT(
      RunOp("StridedSliceGrad",
            {V({2, -2}), V({1}), V({2}), V({1}), MakeTensor<float>({2}, {1, 2})}, Masks(0, 0, 1)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op'")));
}

TEST(StridedSliceGradOpTest, Gradient) {
  GradientCheckOptions constant;
  constant.const_inputs = {0, 1, 2, 3};
  EXPECT_OK(CheckOpGradients("StridedSliceGrad",
                             {V({2, 3}), V({0, 2}), V({0, 0}), V({1, -1}),
                              RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1)},
                             Masks(1, 3), constant));
  GradientCheckOptions fed;
  fed.placeholder_shapes = {{4, PartialShape({-1, 2})}};
  EXPECT_OK(CheckOpGradients(
      "StridedSliceGrad",
      {V({2, 4}), V({0, 1}), V({0, 4}), V({1, 2}), RandomTensor(DT_DOUBLE, TensorShape({2, 2}), 2)},
      Masks(1, 1), fed));
}

}  // namespace
}  // namespace rill
