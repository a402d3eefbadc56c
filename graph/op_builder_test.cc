// Tests OpBuilder: attr overloads, type-attr inference, defaults, control inputs, error capture.
#include "graph/op_builder.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(OpBuilderTest, AttrOverloadsSetTheRightKinds) {
  Scope root = Scope::NewRootScope();
  OpBuilder b(root, "Unregistered");
  b.Attr("t", DT_INT64)
      .Attr("b", true)
      .Attr("i", 3)
      .Attr("l", int64_t{4})
      .Attr("f", 1.5f)
      .Attr("s", "SAME")
      .Attr("sv", absl::string_view("x"))
      .Attr("shape", PartialShape({2, -1}))
      .Attr("tensor", Tensor::Scalar<float>(2.f));
  EXPECT_FALSE(b.Build().valid());  // the op is not registered...
  EXPECT_THAT(
      root.status(),
      StatusIs(
          absl::StatusCode::kNotFound,
          HasSubstr("node 'Unregistered' (Unregistered): op 'Unregistered' is not registered")));
  EXPECT_EQ(root.graph()->num_nodes(), 0);  // ...and the node is not left behind
}

TEST(OpBuilderTest, BuildsNodeWithAttrsAndInputs) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Operation op = OpBuilder(root.WithOpName("mm"), "MatMul")
                     .Input(x)
                     .Input(x)
                     .Attr("transpose_b", true)
                     .Build();
  ASSERT_OK(root.status());
  ASSERT_TRUE(op.valid());
  EXPECT_EQ(op.num_outputs(), 1);
  EXPECT_EQ(op.output(0).shape().DebugString(), "[2,2]");
  const Node* node = op.node();
  EXPECT_TRUE(node->attrs().at("transpose_b").b());
  EXPECT_FALSE(node->attrs().at("transpose_a").b());
  EXPECT_EQ(node->attrs().at("T").type(), DT_FLOAT);
}

TEST(OpBuilderTest, ExplicitTypeAttrIsChecked) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  OpBuilder(root.WithOpName("id"), "Identity").Input(x).Attr("T", DT_INT32).Build();
  EXPECT_THAT(
      root.status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'id' (Identity): input 0 (input) 'x' is float, expected int32")));
}

TEST(OpBuilderTest, ControlInputs) {
  Scope root = Scope::NewRootScope();
  Operation a = OpBuilder(root.WithOpName("a"), "NoOp").Build();
  Operation b = OpBuilder(root.WithOpName("b"), "NoOp").ControlInput(a).Build();
  ASSERT_OK(root.status());
  ASSERT_EQ(b.node()->control_inputs().size(), 1u);
  EXPECT_EQ(b.node()->control_inputs()[0]->src, a.node());
  OpBuilder(root.WithOpName("c"), "NoOp").ControlInput(Operation()).Build();
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("node 'c' (NoOp): invalid control input")));
}

TEST(OpBuilderTest, NothingHappensAfterAnError) {
  Scope root = Scope::NewRootScope();
  root.UpdateStatus(absl::InternalError("earlier"));
  EXPECT_FALSE(OpBuilder(root, "NoOp").Build().valid());
  EXPECT_EQ(root.graph()->num_nodes(), 0);
}

}  // namespace
}  // namespace rill
