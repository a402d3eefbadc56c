// Tests AssignAdd: shapes, in-place update with copy-on-write, errors (uninitialized, shape).
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

TEST(AssignAddOpTest, Shapes) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root, {-1, 2}, DT_FLOAT);
  Output a = ops::AssignAdd(root, v, ops::Const(root, {{1.f, 2.f}}));
  ASSERT_OK(root.status());
  EXPECT_EQ(a.shape().DebugString(), "[1,2]");
  Scope bad = Scope::NewRootScope();
  ops::AssignAdd(bad, ops::VariableV2(bad, {2}, DT_FLOAT), ops::Const(bad, {1.f}));
  EXPECT_THAT(bad.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     HasSubstr("(AssignAdd): value shape [1] does not match")));
}

TEST(AssignAddOpTest, Kernel) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {2}, DT_INT32);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {1, 2}));
  Output x = ops::Placeholder(root.WithOpName("x"), DT_INT32, {.shape = {-1}});
  ops::AssignAdd(root.WithOpName("update"), v, x);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(interp->Run({{"x", MakeTensor<int32_t>({2}, {10, 20})}}, {}, {"update"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("node 'update' (AssignAdd): variable 'v' is uninitialized")));
  ASSERT_OK(interp->Run({}, {}, {"init"}).status());
  auto before = interp->Run({}, {"v"});
  ASSERT_OK(before);
  ASSERT_OK(interp->Run({{"x", MakeTensor<int32_t>({2}, {10, 20})}}, {}, {"update"}).status());
  auto after = interp->Run({}, {"v"});
  ASSERT_OK(after);
  EXPECT_THAT((*after)[0], TensorEq(MakeTensor<int32_t>({2}, {11, 22})));
  // Copy-on-write: the value fetched before the update is unchanged.
  EXPECT_THAT((*before)[0], TensorEq(MakeTensor<int32_t>({2}, {1, 2})));
  EXPECT_THAT(interp->Run({{"x", MakeTensor<int32_t>({3}, {1, 2, 3})}}, {}, {"update"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'update' (AssignAdd): value shape [3] does not match "
                                 "variable 'v' of shape [2]")));
}

TEST(AssignAddOpTest, IntegersWrapAround) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {}, DT_INT32);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, 2147483647));
  ops::AssignAdd(root.WithOpName("update"), v, ops::Const(root, 1));
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  ASSERT_OK(interp->Run({}, {}, {"init"}).status());
  ASSERT_OK(interp->Run({}, {}, {"update"}).status());
  auto got = interp->Run({}, {"v"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int32_t>({}, {-2147483647 - 1})));
}

}  // namespace
}  // namespace rill
