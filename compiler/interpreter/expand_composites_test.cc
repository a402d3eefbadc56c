// Tests composite expansion: replacement and rewiring, nested composites, fetching a composite's
// outputs by their old names, control users, errors from bad expand functions, and which ops each
// ExpandPolicy expands (the compiler keeps the softmax family whole).
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
#include "ops/nn_ops.h"
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

// Builds softmax, log-softmax and the dense cross entropy of a placeholder, expands them under
// `policy` and returns the ops left in the graph.
std::vector<std::string> OpsAfterExpanding(ExpandPolicy policy) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  ops::Softmax(root.WithOpName("sm"), x);
  ops::LogSoftmax(root.WithOpName("lsm"), x);
  ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), x, x);
  OpBuilder(root.WithOpName("two"), "TestExpandTwice").Input(x).Build();
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  if (!def.ok()) return {};
  auto graph = GraphFromGraphDef(*def);
  EXPECT_OK(graph);
  if (!graph.ok()) return {};
  EXPECT_OK(ExpandCompositeOps(graph->get(), nullptr, policy).status());
  std::vector<std::string> ops;
  for (const Node* n : (*graph)->nodes()) ops.push_back(n->op());
  return ops;
}

TEST(ExpandCompositesTest, PoliciesAndTheOpsTheCompilerKeepsWhole) {
  const std::vector<std::string> whole = {"Softmax", "LogSoftmax",
                                          "SoftmaxCrossEntropyWithLogits"};
  for (const std::string& op : whole) EXPECT_TRUE(CompilerKeepsWhole(op)) << op;
  EXPECT_FALSE(CompilerKeepsWhole("TestExpandTwice"));
  EXPECT_FALSE(CompilerKeepsWhole("Mean"));
  // The reference executor and the compiler run the kernels; only kEveryComposite expands them.
  for (ExpandPolicy policy : {ExpandPolicy::kWithoutKernel, ExpandPolicy::kAll}) {
    const std::vector<std::string> ops = OpsAfterExpanding(policy);
    EXPECT_THAT(ops, ::testing::IsSupersetOf(whole));
    EXPECT_THAT(ops, ::testing::Not(::testing::Contains("TestExpandTwice")));
  }
  const std::vector<std::string> ops = OpsAfterExpanding(ExpandPolicy::kEveryComposite);
  for (const std::string& op : whole) EXPECT_THAT(ops, ::testing::Not(::testing::Contains(op)));
  EXPECT_THAT(ops, ::testing::IsSupersetOf({"Max", "Exp", "Sum", "Log", "Div"}));
}

}  // namespace
}  // namespace rill
