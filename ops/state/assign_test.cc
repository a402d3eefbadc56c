// Tests Assign: shape rules with and without validate_shape, the new value seen downstream,
// shape errors naming the node.
#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/state_ops.h"
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

// Creates an interpreter for the graph built in `root`.
std::unique_ptr<Interpreter> Start(const Scope& root) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(*def);
  EXPECT_OK(interp);
  return interp.ok() ? *std::move(interp) : nullptr;
}

TEST(AssignOpTest, Shapes) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root, {-1, 3}, DT_FLOAT);
  Output a = ops::Assign(root, v, ops::Const(root, {{1.f, 2.f, 3.f}}));
  Output b = ops::Assign(root, v, ops::Const(root, {1.f}), {.validate_shape = false});
  ASSERT_OK(root.status());
  EXPECT_EQ(a.dtype(), DT_FLOAT_REF);
  EXPECT_EQ(a.shape().DebugString(), "[1,3]");
  EXPECT_EQ(b.shape().DebugString(), "[1]");
  Scope bad = Scope::NewRootScope();
  ops::Assign(bad, ops::VariableV2(bad, {2}, DT_FLOAT), ops::Const(bad, {1.f, 2.f, 3.f}));
  EXPECT_THAT(bad.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     HasSubstr("(Assign): value shape [3] does not match")));
  Scope bad_type = Scope::NewRootScope();
  ops::Assign(bad_type, ops::VariableV2(bad_type, {2}, DT_FLOAT), ops::Const(bad_type, {1, 2}));
  EXPECT_FALSE(bad_type.ok());
}

TEST(AssignOpTest, KernelAssignsAndOutputsTheNewValue) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {2}, DT_DOUBLE);
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {2}});
  Output a = ops::Assign(root.WithOpName("assign"), v, x);
  ops::Identity(root.WithOpName("after"), a);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  auto got = interp->Run({{"x", MakeTensor<double>({2}, {1.5, -2})}}, {"after"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<double>({2}, {1.5, -2})));
  got = interp->Run({}, {"v"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<double>({2}, {1.5, -2})));
}

TEST(AssignOpTest, ValidateShape) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), PartialShape(), DT_FLOAT);
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  ops::Assign(root.WithOpName("strict"), v, x);
  ops::Assign(root.WithOpName("loose"), v, x, {.validate_shape = false});
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  ASSERT_OK(interp->Run({{"x", MakeTensor<float>({2}, {1, 2})}}, {}, {"strict"}).status());
  EXPECT_THAT(interp->Run({{"x", MakeTensor<float>({3}, {1, 2, 3})}}, {}, {"strict"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'strict' (Assign): value shape [3] does not match "
                                 "variable 'v' of shape [2]")));
  ASSERT_OK(interp->Run({{"x", MakeTensor<float>({3}, {1, 2, 3})}}, {}, {"loose"}).status());
  auto got = interp->Run({}, {"v"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({3}, {1, 2, 3})));
}

}  // namespace
}  // namespace rill
