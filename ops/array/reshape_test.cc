// Tests Reshape: shapes with constant, published and unknown shape inputs, -1 inference,
// kernel errors naming the node, gradient.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<std::string> InferWithConst(const std::string& in, std::vector<int32_t> shape) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = *testing::ParseShape(in)});
  Output r = ops::Reshape(
      root, x, ops::Const(root, shape, TensorShape({static_cast<int64_t>(shape.size())})));
  if (!root.ok()) return root.status();
  return r.shape().DebugString();
}

TEST(ReshapeOpTest, ShapesWithConstantShape) {
  EXPECT_THAT(InferWithConst("[2,3]", {3, 2}), HoldsValue(std::string("[3,2]")));
  EXPECT_THAT(InferWithConst("[2,3]", {-1}), HoldsValue(std::string("[6]")));
  EXPECT_THAT(InferWithConst("[?,3]", {-1, 6}), HoldsValue(std::string("[?,6]")));
  EXPECT_THAT(InferWithConst("?", {2, 2}), HoldsValue(std::string("[2,2]")));
  EXPECT_THAT(InferWithConst("[0,4]", {-1, 0}), HoldsValue(std::string("[0,0]")));
  EXPECT_THAT(InferWithConst("[2,3]", {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tensor with 6 values")));
  EXPECT_THAT(InferWithConst("[2,3]", {4, -1}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'Reshape' (Reshape): input to reshape is a tensor with 6 "
                                 "values, but the requested shape requires a multiple of 4")));
  EXPECT_THAT(InferWithConst("[2,3]", {-1, -1}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only one input size")));
  EXPECT_THAT(InferWithConst("[2,3]", {-2, 3}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be non-negative")));
}

TEST(ReshapeOpTest, ShapesWithUnknownShapeInput) {
  EXPECT_THAT(InferOpShapes("Reshape", {{DT_FLOAT, "[2,3]"}, {DT_INT32, "[2]"}}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferOpShapes("Reshape", {{DT_FLOAT, "[2,3]"}, {DT_INT64, "?"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Reshape", {{DT_FLOAT, "[2,3]"}, {DT_INT32, "[2,1]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be a 1-D shape")));
}

TEST(ReshapeOpTest, Kernel) {
  const Tensor x = MakeTensor<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  ExpectOpOutput("Reshape", {x, MakeTensor<int32_t>({2}, {3, -1})}, {},
                 {MakeTensor<int32_t>({3, 2}, {1, 2, 3, 4, 5, 6})});
  ExpectOpOutput("Reshape", {x, MakeTensor<int64_t>({1}, {6})}, {},
                 {MakeTensor<int32_t>({6}, {1, 2, 3, 4, 5, 6})});
  ExpectOpOutput("Reshape", {MakeTensor<std::string>({1, 1}, {"s"}), MakeTensor<int32_t>({0}, {})},
                 {}, {MakeTensor<std::string>({}, {"s"})});
  ExpectOpOutput("Reshape", {MakeTensor<double>({0}, {}), MakeTensor<int32_t>({2}, {0, 5})}, {},
                 {MakeTensor<double>({0, 5}, {})});
  EXPECT_THAT(RunOp("Reshape", {x, MakeTensor<int32_t>({2}, {4, 2})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Reshape): input to reshape is a tensor with 6 "
                                 "values, but the requested shape has 8")));
  EXPECT_THAT(RunOp("Reshape", {x, MakeTensor<int32_t>({2}, {-1, -1})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (Reshape)")));
}

TEST(ReshapeOpTest, Gradient) {
  GradientCheckOptions o;
  o.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(
      "Reshape",
      {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1), MakeTensor<int32_t>({2}, {3, -1})}, {}, o));
  // Shape fed at run time, and an unknown batch dim.
  GradientCheckOptions unknown;
  unknown.placeholder_shapes = {{0, PartialShape({-1, 4})}};
  EXPECT_OK(CheckOpGradients(
      "Reshape",
      {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 2), MakeTensor<int64_t>({3}, {2, -1, 2})}, {},
      unknown));
}

}  // namespace
}  // namespace rill
