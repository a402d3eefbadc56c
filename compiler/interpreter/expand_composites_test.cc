// Tests composite expansion: replacement and rewiring, nested composites, fetching a composite's
// outputs by their old names, control users, and errors from bad expand functions.
#include "compiler/interpreter/expand_composites.h"

#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/expand_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

Output Twice(const Scope& s, const Output& x) {
  return OpBuilder(s, "TestExpandTwice").Input(x).Build().output(0);
}

// x + x, as a composite.
RILL_REGISTER_OP("TestExpandTwice")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetExpand([](ExpandContext& c) {
      c.set_output(0, ops::AddV2(c.scope(), c.input(0), c.input(0)));
      return absl::OkStatus();
    });

// 4x, through two composites (expansion produces more composites).
RILL_REGISTER_OP("TestExpandFourTimes")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetExpand([](ExpandContext& c) {
      c.set_output(0, Twice(c.scope(), Twice(c.scope(), c.input(0))));
      return absl::OkStatus();
    });

// Forgets to set its output.
RILL_REGISTER_OP("TestExpandForgets")
    .Input("x: float")
    .Output("y: float")
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetExpand([](ExpandContext&) { return absl::OkStatus(); });

// Expands into itself forever.
RILL_REGISTER_OP("TestExpandSelf")
    .Input("x: float")
    .Output("y: float")
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetExpand([](ExpandContext& c) {
      c.set_output(0, OpBuilder(c.scope(), "TestExpandSelf").Input(c.input(0)).Build().output(0));
      return absl::OkStatus();
    });

TEST(ExpandCompositesTest, ReplacesCompositesAndRewiresUses) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output four =
      OpBuilder(root.WithOpName("four"), "TestExpandFourTimes").Input(x).Build().output(0);
  ops::Mul(root.WithOpName("use"), four, four);
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  ASSERT_OK(def);
  auto graph = GraphFromGraphDef(*def);
  ASSERT_OK(graph);
  ExpansionMap map;
  auto expanded = ExpandCompositeOps(graph->get(), &map);
  ASSERT_OK(expanded);
  EXPECT_EQ(*expanded, 3);  // four, then its two TestExpandTwice nodes
  for (Node* n : (*graph)->nodes()) {
    EXPECT_NE(n->op(), "TestExpandFourTimes");
    EXPECT_NE(n->op(), "TestExpandTwice");
  }
  EXPECT_EQ((*graph)->FindNode("four"), nullptr);
  const TensorId final_id = ResolveExpandedTensor(map, {"four", 0});
  EXPECT_EQ((*graph)->FindNode(final_id.node)->op(), "AddV2");
  EXPECT_EQ((*graph)->FindNode("use")->data_inputs()[0]->src->name(), final_id.node);
}

TEST(ExpandCompositesTest, InterpreterFetchesAndTargetsCompositesByName) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {2}});
  Output four =
      OpBuilder(root.WithOpName("four"), "TestExpandFourTimes").Input(x).Build().output(0);
  ops::NoOp(root.WithOpName("after").WithControlDependencies(four));
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  ASSERT_OK(def);
  auto interp = Interpreter::Create(*def);
  ASSERT_OK(interp);
  auto got = (*interp)->Run({{"x", MakeTensor<double>({2}, {1, -2.5})}}, {"four", "four:0"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<double>({2}, {4, -10})));
  EXPECT_THAT((*got)[1], TensorEq(MakeTensor<double>({2}, {4, -10})));
  EXPECT_OK(
      (*interp)->Run({{"x", MakeTensor<double>({2}, {1, 2})}}, {}, {"four", "after"}).status());
  // The control user now waits for the replacement.
  const Node* after = (*interp)->graph().FindNode("after");
  ASSERT_NE(after, nullptr);
  ASSERT_EQ(after->control_inputs().size(), 1u);
  EXPECT_EQ(after->control_inputs()[0]->src->op(), "AddV2");
}

TEST(ExpandCompositesTest, BadExpansionsAreErrorsNamingTheNode) {
  for (const char* op : {"TestExpandForgets", "TestExpandSelf"}) {
    SCOPED_TRACE(op);
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
    OpBuilder(root.WithOpName("bad"), op).Input(x).Build();
    absl::StatusOr<GraphDef> def = root.ToGraphDef();
    ASSERT_OK(def);
    auto graph = GraphFromGraphDef(*def);
    ASSERT_OK(graph);
    absl::Status status = ExpandCompositeOps(graph->get(), nullptr).status();
    EXPECT_FALSE(status.ok());
    EXPECT_THAT(status.message(), HasSubstr(std::string("(") + op + ")"));
  }
  Scope root = Scope::NewRootScope();
  OpBuilder(root.WithOpName("bad"), "TestExpandForgets")
      .Input(ops::Placeholder(root, DT_FLOAT))
      .Build();
  auto def = root.ToGraphDef();
  ASSERT_OK(def);
  EXPECT_THAT(Interpreter::Create(*def),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'bad' (TestExpandForgets): the expand function did not "
                                 "set output 0")));
}

}  // namespace
}  // namespace rill
