// Tests BroadcastTo: shape table (constant, partial and unknown shapes, unknown ranks, errors),
// kernel values, runtime errors, and the gradient in f64 (incl. an unknown batch dim).
#include <cstdint>
#include <string>
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

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor S(std::vector<int32_t> s) {
  return MakeTensor<int32_t>({static_cast<int64_t>(s.size())}, s);
}

TEST(BroadcastToOpTest, ShapeTable) {
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "[3]"), Val(S({2, 3}))}),
              HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "[1,3]"), Val(S({4, 2, 3}))}),
              HoldsValue(ElementsAre("[4,2,3]")));
  // Unknown target dims are filled from input dims > 1.
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "[5,1]"), Val(S({-1, -1}))}),
              HoldsValue(ElementsAre("[5,?]")));
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "[5]"), Ph(DT_INT32, "[3]")}),
              HoldsValue(ElementsAre("[?,?,5]")));
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "?"), Val(S({2, 2}))}),
              HoldsValue(ElementsAre("[2,2]")));
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "[2]"), Ph(DT_INT64, "[?]")}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "[3]"), Val(S({2, 4}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (BroadcastTo): Dimensions must be equal, but are 3 "
                                 "and 4")));
  EXPECT_THAT(InferShapesWithValues("BroadcastTo", {Ph(DT_FLOAT, "[2,3]"), Val(S({3}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Shape must be at most rank 1 but is rank 2")));
}

TEST(BroadcastToOpTest, Kernel) {
  ExpectOpOutput("BroadcastTo", {MakeTensor<float>({3}, {1, 2, 3}), S({2, 3})}, {},
                 {MakeTensor<float>({2, 3}, {1, 2, 3, 1, 2, 3})});
  ExpectOpOutput("BroadcastTo", {MakeTensor<int32_t>({2, 1}, {1, 2}), S({2, 2})}, {},
                 {MakeTensor<int32_t>({2, 2}, {1, 1, 2, 2})});
  ExpectOpOutput("BroadcastTo", {MakeTensor<std::string>({}, {"s"}), MakeTensor<int64_t>({1}, {2})},
                 {}, {MakeTensor<std::string>({2}, {"s", "s"})});
  ExpectOpOutput("BroadcastTo", {MakeTensor<double>({1}, {4}), S({0})}, {},
                 {MakeTensor<double>({0}, {})});
  EXPECT_THAT(RunOp("BroadcastTo", {MakeTensor<float>({3}, {1, 2, 3}), S({2, 2})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (BroadcastTo): Unable to broadcast tensor of shape "
                                 "[3] to tensor of shape [2,2]")));
  EXPECT_THAT(RunOp("BroadcastTo", {MakeTensor<float>({1}, {1}), S({-2})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op'")));
}

TEST(BroadcastToOpTest, Gradient) {
  GradientCheckOptions constant;
  constant.const_inputs = {1};
  EXPECT_OK(CheckOpGradients("BroadcastTo",
                             {RandomTensor(DT_DOUBLE, TensorShape({3, 1}), 1), S({2, 3, 4})}, {},
                             constant));
  EXPECT_OK(CheckOpGradients("BroadcastTo", {RandomTensor(DT_DOUBLE, TensorShape({}), 2), S({2})},
                             {}, constant));
  // Unknown batch dim: broadcast a [?,1] input to Shape of a [?,3] tensor.
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 1})}, {1, PartialShape({-1, 3})}};
  EXPECT_OK(CheckGradients(
      [](const Scope& s, const std::vector<Output>& in) {
        return std::vector<Output>{
            ops::BroadcastTo(s, in[0], ops::Shape(s, in[1], {.out_type = DT_INT64}))};
      },
      {RandomTensor(DT_DOUBLE, TensorShape({4, 1}), 3),
       RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 4)},
      unknown_batch));
}

}  // namespace
}  // namespace rill
