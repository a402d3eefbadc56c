// Tests Fill: shapes from constant/unknown dims, kernel for several dtypes and errors, gradient.
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

TEST(FillOpTest, Shapes) {
  Scope root = Scope::NewRootScope();
  Output f = ops::Fill(root, ops::Const(root, {2, 3}), ops::Const(root, 1.5f));
  ASSERT_OK(root.status());
  EXPECT_EQ(f.shape().DebugString(), "[2,3]");
  EXPECT_THAT(InferOpShapes("Fill", {{DT_INT32, "[3]"}, {DT_FLOAT, "[]"}}),
              HoldsValue(ElementsAre("[?,?,?]")));
  EXPECT_THAT(InferOpShapes("Fill", {{DT_INT64, "?"}, {DT_FLOAT, "[]"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Fill", {{DT_INT32, "[2]"}, {DT_FLOAT, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Fill): value must have rank 0")));
  Scope bad = Scope::NewRootScope();
  ops::Fill(bad, ops::Const(bad, {2, -3}), ops::Const(bad, 1.5f));
  EXPECT_THAT(bad.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("negative dimension -3")));
}

TEST(FillOpTest, Kernel) {
  ExpectOpOutput("Fill", {MakeTensor<int32_t>({2}, {2, 2}), MakeTensor<float>({}, {7})}, {},
                 {MakeTensor<float>({2, 2}, {7, 7, 7, 7})});
  ExpectOpOutput("Fill", {MakeTensor<int64_t>({0}, {}), MakeTensor<bool>({}, {true})}, {},
                 {MakeTensor<bool>({}, {true})});
  ExpectOpOutput("Fill", {MakeTensor<int32_t>({2}, {0, 4}), MakeTensor<int32_t>({}, {1})}, {},
                 {MakeTensor<int32_t>({0, 4}, {})});
  ExpectOpOutput("Fill", {MakeTensor<int32_t>({1}, {2}), MakeTensor<std::string>({}, {"x"})}, {},
                 {MakeTensor<std::string>({2}, {"x", "x"})});
  EXPECT_THAT(RunOp("Fill", {MakeTensor<int32_t>({1}, {-1}), MakeTensor<float>({}, {1})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (Fill)")));
}

TEST(FillOpTest, Gradient) {
  GradientCheckOptions o;
  o.const_inputs = {0};
  EXPECT_OK(CheckOpGradients(
      "Fill", {MakeTensor<int32_t>({2}, {2, 3}), RandomTensor(DT_DOUBLE, TensorShape({}), 1)}, {},
      o));
  // dims fed: unknown output shape.
  EXPECT_OK(CheckOpGradients(
      "Fill", {MakeTensor<int32_t>({1}, {4}), RandomTensor(DT_DOUBLE, TensorShape({}), 2)}));
}

}  // namespace
}  // namespace rill
