// Tests Pad and PadV2: shape table (constant and unknown paddings, unknown dims/ranks, errors),
// kernel values for several dtypes, runtime errors, and the gradient in f64.
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

Tensor P(std::vector<int32_t> p) {
  return MakeTensor<int32_t>({static_cast<int64_t>(p.size() / 2), 2}, p);
}

TEST(PadOpTest, ShapeTable) {
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[2,3]"), Val(P({1, 0, 2, 2}))}),
              HoldsValue(ElementsAre("[3,7]")));
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[?,3]"), Val(P({1, 1, 0, 0}))}),
              HoldsValue(ElementsAre("[?,3]")));
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "?"), Val(P({1, 1}))}),
              HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[2,3]"), Ph(DT_INT32, "[2,2]")}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "?"), Ph(DT_INT64, "[?,2]")}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(
      InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[]"), Val(MakeTensor<int32_t>({0, 2}, {}))}),
      HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(
      InferShapesWithValues("PadV2", {Ph(DT_FLOAT, "[2]"), Val(P({0, 3})), Ph(DT_FLOAT, "[]")}),
      HoldsValue(ElementsAre("[5]")));
}

TEST(PadOpTest, ShapeErrors) {
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[2,3]"), Val(P({1, -1, 0, 0}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Pad): Paddings must be non-negative: 1 -1")));
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[2,3]"), Val(P({1, 1}))}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input must have rank 1")));
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[2]"), Ph(DT_INT32, "[1,3]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2 columns")));
  EXPECT_THAT(InferShapesWithValues("Pad", {Ph(DT_FLOAT, "[2]"), Ph(DT_INT32, "[2]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("paddings must have rank 2")));
  EXPECT_THAT(
      InferShapesWithValues("PadV2", {Ph(DT_FLOAT, "[2]"), Val(P({0, 3})), Ph(DT_FLOAT, "[1]")}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("constant_values must have rank 0")));
}

TEST(PadOpTest, Kernel) {
  ExpectOpOutput("Pad", {MakeTensor<float>({2, 2}, {1, 2, 3, 4}), P({1, 0, 0, 2})}, {},
                 {MakeTensor<float>({3, 4}, {0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0})});
  ExpectOpOutput("Pad", {MakeTensor<int32_t>({1}, {7}), MakeTensor<int64_t>({1, 2}, {2, 1})}, {},
                 {MakeTensor<int32_t>({4}, {0, 0, 7, 0})});
  ExpectOpOutput("Pad", {MakeTensor<std::string>({1}, {"x"}), P({1, 1})}, {},
                 {MakeTensor<std::string>({3}, {"", "x", ""})});
  ExpectOpOutput("Pad", {MakeTensor<double>({0, 2}, {}), P({1, 0, 0, 1})}, {},
                 {MakeTensor<double>({1, 3}, {0, 0, 0})});
  ExpectOpOutput("PadV2", {MakeTensor<float>({2}, {1, 2}), P({1, 2}), MakeTensor<float>({}, {-1})},
                 {}, {MakeTensor<float>({5}, {-1, 1, 2, -1, -1})});
  ExpectOpOutput("PadV2", {MakeTensor<bool>({1}, {false}), P({0, 1}), MakeTensor<bool>({}, {true})},
                 {}, {MakeTensor<bool>({2}, {false, true})});
}

TEST(PadOpTest, KernelErrorsNameTheNode) {
  EXPECT_THAT(RunOp("Pad", {MakeTensor<float>({2}, {1, 2}), P({0, -3})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Pad): Paddings must be non-negative: 0 -3")));
}

TEST(PadOpTest, Gradient) {
  GradientCheckOptions constant;
  constant.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(
      "Pad", {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1), P({1, 2, 0, 1})}, {}, constant));
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 2})}};
  EXPECT_OK(CheckOpGradients(
      "Pad",
      {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 2), MakeTensor<int64_t>({2, 2}, {0, 1, 2, 0})},
      {}, unknown_batch));
  // PadV2: no gradient for constant_values (as in TensorFlow), the input's as for Pad.
  constant.const_inputs = {1, 2};
  EXPECT_OK(CheckOpGradients(
      "PadV2",
      {RandomTensor(DT_DOUBLE, TensorShape({2}), 3), P({1, 1}), MakeTensor<double>({}, {0.5})}, {},
      constant));
}

}  // namespace
}  // namespace rill
