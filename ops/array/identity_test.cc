// Tests the Identity op: signature, unchanged shape, builder.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
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
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(IdentityOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Identity");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op), "Identity(input: T) -> (output: T); attrs: T: type");
}

TEST(IdentityOpTest, ShapeIsUnchanged) {
  EXPECT_THAT(InferOpShapes("Identity", {{DT_FLOAT, "[2,?,3]"}}),
              HoldsValue(ElementsAre("[2,?,3]")));
  EXPECT_THAT(InferOpShapes("Identity", {{DT_STRING, "?"}}), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Identity", {{DT_BOOL, "[]"}}), HoldsValue(ElementsAre("[]")));
}

TEST(IdentityOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Const(root, {1.f, 2.f});
  Output y = ops::Identity(root, x);
  ASSERT_OK(root.status());
  EXPECT_EQ(y.name(), "Identity");
  EXPECT_EQ(y.dtype(), DT_FLOAT);
  EXPECT_EQ(y.shape().DebugString(), "[2]");
  EXPECT_EQ(y.node()->data_inputs()[0]->src, x.node());
}

TEST(IdentityOpTest, ConstantValuesPassThroughForShapeFunctions) {
  // Reshape(x, Identity(Const)) still sees the constant shape.
  EXPECT_THAT(InferOpShapes("Reshape", {{DT_FLOAT, "[2,3]"},
                                        {DT_INT32, "", MakeTensor<int32_t>({2}, {3, -1})}}),
              HoldsValue(ElementsAre("[3,2]")));
  Scope root = Scope::NewRootScope();
  Output r = ops::Reshape(root, ops::Placeholder(root, DT_FLOAT, {.shape = {2, 3}}),
                          ops::Identity(root, ops::Const(root, {3, -1})));
  ASSERT_OK(root.status());
  EXPECT_EQ(r.shape().DebugString(), "[3,2]");
}

TEST(IdentityOpTest, KernelAndGradient) {
  ExpectOpOutput("Identity", {MakeTensor<float>({2}, {1, -2})}, {},
                 {MakeTensor<float>({2}, {1, -2})});
  ExpectOpOutput("Identity", {MakeTensor<bool>({}, {true})}, {}, {MakeTensor<bool>({}, {true})});
  ExpectOpOutput("Identity", {MakeTensor<std::string>({1}, {"a"})}, {},
                 {MakeTensor<std::string>({1}, {"a"})});
  EXPECT_OK(CheckOpGradients("Identity", {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1)}));
  GradientCheckOptions o;
  o.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("Identity", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 2)}, {}, o));
}

}  // namespace
}  // namespace rill
