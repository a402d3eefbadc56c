// Tests Shape: output shape, published values for shape functions, kernel for int32/int64.
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

TEST(ShapeOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("Shape", {{DT_FLOAT, "[2,?,3]"}}), HoldsValue(ElementsAre("[3]")));
  EXPECT_THAT(InferOpShapes("Shape", {{DT_FLOAT, "?"}}), HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferOpShapes("Shape", {{DT_STRING, "[]"}}), HoldsValue(ElementsAre("[0]")));
  EXPECT_THAT(InferOpShapes("Shape", {{DT_FLOAT, "[2]"}}, {{"out_type", MakeAttr(DT_FLOAT)}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'out_type'")));
}

TEST(ShapeOpTest, PublishesItsValueForShapeFunctions) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 3}});
  Output y = ops::Placeholder(root, DT_FLOAT, {.shape = {2, 3}});
  // Reshape to the (partially known) shape of x keeps x's known dims.
  Output r = ops::Reshape(root, y, ops::Shape(root, x));
  ASSERT_OK(root.status());
  EXPECT_EQ(r.shape().DebugString(), "[?,3]");
  // A fully known shape becomes a constant value.
  Output s = ops::Shape(root, y, {.out_type = DT_INT64});
  const NodeOutputs* outs = root.refiner().outputs(*s.node());
  ASSERT_NE(outs, nullptr);
  EXPECT_THAT(outs->tensors[0], TensorEq(MakeTensor<int64_t>({2}, {2, 3})));
}

TEST(ShapeOpTest, Kernel) {
  ExpectOpOutput("Shape", {MakeTensor<float>({2, 0, 3}, {})}, {},
                 {MakeTensor<int32_t>({3}, {2, 0, 3})});
  ExpectOpOutput("Shape", {MakeTensor<bool>({}, {true})}, {{"out_type", MakeAttr(DT_INT64)}},
                 {MakeTensor<int64_t>({0}, {})});
  ExpectOpOutput("Shape", {MakeTensor<std::string>({1}, {"a"})}, {},
                 {MakeTensor<int32_t>({1}, {1})});
}

TEST(ShapeOpTest, NoGradient) {
  const OpRegistration* op = OpRegistry::Global()->Find("Shape");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->no_gradient);
}

}  // namespace
}  // namespace rill
