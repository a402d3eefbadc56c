// Tests the NoOp op: no inputs or outputs, grouping control dependencies.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
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
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(NoOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("NoOp");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op), "NoOp() -> ()");
}

TEST(NoOpTest, NoOutputsAndNoInputs) {
  EXPECT_THAT(InferOpShapes("NoOp", {}), HoldsValue(IsEmpty()));
  EXPECT_THAT(
      InferOpShapes("NoOp", {{DT_FLOAT, "[]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expects 0 data inputs (), got 1")));
}

TEST(NoOpTest, GroupsControlDependencies) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Const(root.WithOpName("a"), 1.f);
  Output b = ops::Const(root.WithOpName("b"), 2.f);
  Operation group =
      ops::NoOp(root.WithControlDependencies(a).WithControlDependencies(b).WithOpName("group"));
  ASSERT_OK(root.status());
  EXPECT_EQ(group.name(), "group");
  EXPECT_EQ(group.num_outputs(), 0);
  ASSERT_EQ(group.node()->control_inputs().size(), 2u);
  EXPECT_EQ(group.node()->control_inputs()[1]->src, b.node());
}

TEST(NoOpTest, RunsAsATarget) {
  EXPECT_THAT(RunOp("NoOp", {}), HoldsValue(IsEmpty()));
  EXPECT_TRUE(OpRegistry::Global()->Find("NoOp")->no_gradient);
}

}  // namespace
}  // namespace rill
