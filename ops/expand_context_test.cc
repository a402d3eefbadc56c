// Tests ExpandContext: accessors, replacements, constant inputs and the error prefix.
#include "ops/expand_context.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;

TEST(ExpandContextTest, Accessors) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output two = ops::Const(root.WithOpName("two"), 2.f);
  Output y = ops::Mul(root.WithOpName("y"), x, two);
  ASSERT_OK(root.status());
  ExpandContext c(root.NewSubScope("y/expand"), *y.node(), *root.registry().Find("Mul"), {x, two},
                  {y});
  EXPECT_EQ(c.node_name(), "y");
  EXPECT_EQ(c.op(), "Mul");
  EXPECT_EQ(c.num_inputs(), 2);
  EXPECT_EQ(c.num_outputs(), 1);
  EXPECT_EQ(c.output(0).shape().DebugString(), "[2]");
  EXPECT_EQ(c.constant_input(0), nullptr);
  ASSERT_NE(c.constant_input(1), nullptr);
  EXPECT_EQ(c.constant_input(1)->data<float>()[0], 2.f);
  EXPECT_FALSE(c.replacements()[0].valid());
  Output rep = ops::AddV2(c.scope(), c.input(0), c.input(0));
  c.set_output(0, rep);
  EXPECT_EQ(c.replacements()[0].name(), "y/expand/AddV2");
  EXPECT_THAT(c.InvalidArgument("bad ", 1),
              StatusIs(absl::StatusCode::kInvalidArgument, "node 'y' (Mul): bad 1"));
}

}  // namespace
}  // namespace rill
