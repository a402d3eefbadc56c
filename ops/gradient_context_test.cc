// Tests GradientContext (accessors, zeros for missing gradients, constant inputs, error prefix)
// and the broadcast-gradient helpers.
#include "ops/gradient_context.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/gradient_helpers.h"
#include "ops/math_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

TEST(GradientContextTest, Accessors) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Output axes = ops::Const(root.WithOpName("axes"), {1});
  Output sum = ops::Sum(root.WithOpName("sum"), x, axes);
  ASSERT_OK(root.status());
  const OpRegistration* op = root.registry().Find("Sum");
  GradientContext c(root.NewSubScope("grad"), *sum.node(), *op, {x, axes}, {sum}, {Output()});
  EXPECT_EQ(c.node_name(), "sum");
  EXPECT_EQ(c.op(), "Sum");
  EXPECT_EQ(c.num_inputs(), 2);
  EXPECT_EQ(c.input(0).name(), "x");
  EXPECT_EQ(c.output(0).shape().DebugString(), "[2]");
  EXPECT_THAT(c.attrs().GetBool("keep_dims"), rill::testing::IsOkAndHolds(false));
  EXPECT_FALSE(c.has_grad(0));
  ASSERT_NE(c.constant_input(1), nullptr);
  EXPECT_THAT(*c.constant_input(1), TensorEq(MakeTensor<int32_t>({1}, {1})));
  EXPECT_EQ(c.constant_input(0), nullptr);
  Output zeros = c.GradOrZeros(0);
  ASSERT_TRUE(zeros.valid());
  EXPECT_EQ(zeros.node()->op(), "ZerosLike");
  EXPECT_EQ(zeros.name(), "grad/ZerosLike");
  c.set_input_grad(0, zeros);
  EXPECT_TRUE(c.input_grads()[0].valid());
  EXPECT_FALSE(c.input_grads()[1].valid());
  EXPECT_THAT(c.InvalidArgument("no"),
              StatusIs(absl::StatusCode::kInvalidArgument, "gradient of node 'sum' (Sum): no"));
}

TEST(GradientHelpersTest, ReducesBroadcastGradients) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root, DT_FLOAT, {.shape = {2, 3}});
  Output b = ops::Placeholder(root, DT_FLOAT, {.shape = {3}});
  Output g = ops::Placeholder(root, DT_FLOAT, {.shape = {2, 3}});
  auto [da, db] = ReduceBroadcastGradients(root, a, b, g, g);
  ASSERT_OK(root.status());
  // Static and equal for a: unchanged; b was broadcast: reduced and reshaped to [3].
  EXPECT_EQ(da.node(), g.node());
  EXPECT_EQ(db.node()->op(), "Reshape");
  EXPECT_EQ(db.shape().DebugString(), "[3]");
  auto [none, db2] = ReduceBroadcastGradients(root, a, b, Output(), g);
  EXPECT_FALSE(none.valid());
  EXPECT_TRUE(db2.valid());
}

}  // namespace
}  // namespace rill
