// Tests Slice: shape table (constant and unknown begin/size, -1 sizes, unknown ranks, errors),
// published shape values, kernel values and runtime errors, and the gradient in f64.
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
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor V(std::vector<int32_t> v) {
  return MakeTensor<int32_t>({static_cast<int64_t>(v.size())}, v);
}

TEST(SliceOpTest, ShapeTable) {
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "[4,5]"), Val(V({1, 2})), Val(V({2, -1}))}),
      HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "[4,5]"), Ph(DT_INT32, "[2]"), Val(V({2, 3}))}),
      HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "[4,5]"), Ph(DT_INT32, "[2]"), Val(V({2, -1}))}),
      HoldsValue(ElementsAre("[2,?]")));
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "[?,5]"), Val(V({1, 1})), Val(V({-1, -1}))}),
      HoldsValue(ElementsAre("[?,4]")));
  EXPECT_THAT(InferShapesWithValues(
                  "Slice", {Ph(DT_FLOAT, "[4,5]"), Ph(DT_INT32, "[2]"), Ph(DT_INT32, "[2]")}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "?"), Ph(DT_INT64, "[3]"), Ph(DT_INT64, "[?]")}),
      HoldsValue(ElementsAre("[?,?,?]")));
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "?"), Ph(DT_INT32, "[?]"), Ph(DT_INT32, "[?]")}),
      HoldsValue(ElementsAre("<unknown>")));
}

TEST(SliceOpTest, ShapeErrors) {
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "[4,5]"), Val(V({5, 0})), Val(V({1, 1}))}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (Slice): Expected begin[0] in [0, 4], but got 5")));
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "[4,5]"), Val(V({1, 1})), Val(V({1, 5}))}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("Expected size[1] in [0, 4], but got 5")));
  EXPECT_THAT(
      InferShapesWithValues("Slice", {Ph(DT_FLOAT, "[4,5]"), Ph(DT_INT32, "[2]"), Val(V({1, -2}))}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("sizes vector cannot be < -1, but was -2")));
  EXPECT_THAT(InferShapesWithValues(
                  "Slice", {Ph(DT_FLOAT, "[4,5]"), Ph(DT_INT32, "[2]"), Ph(DT_INT32, "[3]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("same length")));
  EXPECT_THAT(InferShapesWithValues(
                  "Slice", {Ph(DT_FLOAT, "[4,5]"), Ph(DT_INT32, "[3]"), Ph(DT_INT32, "[3]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input must have rank 3")));
  EXPECT_THAT(InferShapesWithValues(
                  "Slice", {Ph(DT_FLOAT, "[4]"), Ph(DT_INT32, "[1]"), Ph(DT_INT64, "[1]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr Index")));
}

TEST(SliceOpTest, SliceOfAShapeKeepsItsKnownDims) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 3, 4}});
  Output y = ops::Placeholder(root, DT_FLOAT, {.shape = {12}});
  Output inner =
      ops::Slice(root, ops::Shape(root, x), ops::Const(root, {1}), ops::Const(root, {2}));
  ASSERT_OK(root.status());
  EXPECT_EQ(ops::Reshape(root, y, inner).shape().DebugString(), "[3,4]");
}

TEST(SliceOpTest, Kernel) {
  const Tensor x = MakeTensor<float>({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  ExpectOpOutput("Slice", {x, V({1, 1}), V({2, 2})}, {},
                 {MakeTensor<float>({2, 2}, {5, 6, 9, 10})});
  ExpectOpOutput("Slice", {x, V({0, 2}), V({-1, -1})}, {},
                 {MakeTensor<float>({3, 2}, {2, 3, 6, 7, 10, 11})});
  ExpectOpOutput("Slice", {x, V({3, 0}), V({0, 4})}, {}, {MakeTensor<float>({0, 4}, {})});
  ExpectOpOutput("Slice",
                 {MakeTensor<std::string>({3}, {"a", "b", "c"}), MakeTensor<int64_t>({1}, {1}),
                  MakeTensor<int64_t>({1}, {2})},
                 {}, {MakeTensor<std::string>({2}, {"b", "c"})});
  ExpectOpOutput("Slice", {MakeTensor<int32_t>({}, {4}), V({}), V({})}, {},
                 {MakeTensor<int32_t>({}, {4})});
  // The same with constant begin/size (the shape function then knows the exact output).
  ASSERT_OK_AND_ASSIGN(
      std::vector<Tensor> out,
      RunOpWithConstInputs("Slice", {x, V({2, 1}), V({1, -1})}, {false, true, true}));
  EXPECT_THAT(out[0], testing::TensorEq(MakeTensor<float>({1, 3}, {9, 10, 11})));
}

TEST(SliceOpTest, KernelErrorsNameTheNode) {
  const Tensor x = MakeTensor<float>({2, 2}, {1, 2, 3, 4});
  EXPECT_THAT(RunOp("Slice", {x, V({1, 0}), V({5, 1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Slice): Expected size[0] in [0, 1], but got 5")));
  EXPECT_THAT(RunOp("Slice", {x, V({-1, 0}), V({1, 1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Expected begin[0] in [0, 2], but got -1")));
}

TEST(SliceOpTest, Gradient) {
  GradientCheckOptions constant;
  constant.const_inputs = {1, 2};
  EXPECT_OK(CheckOpGradients(
      "Slice", {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1), V({1, 0}), V({2, -1})}, {},
      constant));
  // Fed begin/size (int64), and an unknown batch dim.
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("Slice",
                             {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 2),
                              MakeTensor<int64_t>({2}, {1, 1}), MakeTensor<int64_t>({2}, {-1, 1})},
                             {}, unknown_batch));
}

}  // namespace
}  // namespace rill
