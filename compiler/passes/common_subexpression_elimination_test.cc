#include "compiler/passes/common_subexpression_elimination.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_validate.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"

namespace rill::compiler {
namespace {

using ::rill::testing::IsOkAndHolds;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

std::vector<std::string> NodeNames(const Graph& g) {
  std::vector<std::string> names;
  for (const Node* n : g.nodes()) names.push_back(n->name());
  return names;
}

std::unique_ptr<Graph> ToGraph(const Scope& root) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Graph>> g = GraphFromGraphDef(*def);
  EXPECT_OK(g);
  return std::move(*g);
}

// The names of the producers of `node`'s data inputs.
std::vector<std::string> InputNames(const Graph& g, const std::string& node) {
  std::vector<std::string> names;
  for (const Edge* e : g.FindNode(node)->data_inputs()) names.push_back(e->src->name());
  return names;
}

TEST(CommonSubexpressionEliminationTest, MergesEqualConstsAndThenTheirUsers) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  Output c1 = ops::Const(root.WithOpName("c1"), 2.f);
  Output c2 = ops::Const(root.WithOpName("c2"), 2.f);  // same value: merged into c1
  Output c3 = ops::Const(root.WithOpName("c3"), 3.f);  // different value: stays
  Output a1 = ops::AddV2(root.WithOpName("a1"), x, c1);
  Output a2 = ops::AddV2(root.WithOpName("a2"), c2, x);  // commutative: same as a1 once c2 is c1
  Output a3 = ops::AddV2(root.WithOpName("a3"), x, c3);
  // Separate statements: argument evaluation order (and so node order) is unspecified in C++.
  Output r1 = ops::Relu(root.WithOpName("r1"), a1);
  Output r2 = ops::Relu(root.WithOpName("r2"), a2);
  ops::MatMul(root.WithOpName("out"), r1, r2);
  ops::Identity(root.WithOpName("other"), a3);
  std::unique_ptr<Graph> g = ToGraph(root);
  CommonSubexpressionElimination cse({"out", "other"});
  EXPECT_THAT(cse.Run(g.get()), IsOkAndHolds(true));
  EXPECT_THAT(NodeNames(*g), UnorderedElementsAre("x", "c1", "c3", "a1", "a3", "r1", "out", "other"));
  EXPECT_THAT(InputNames(*g, "out"), ElementsAre("r1", "r1"));
  EXPECT_OK(ValidateGraph(*g));
  EXPECT_THAT(cse.Run(g.get()), IsOkAndHolds(false));
}

TEST(CommonSubexpressionEliminationTest, DoesNotFireOnDifferentAttrsInputsOrKeptNodes) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, {.shape = {2, 2}});
  Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, {.shape = {2, 2}});
  // Placeholders are fed: two with equal attrs are still different values (kept as feeds).
  ops::MatMul(root.WithOpName("m1"), a, b);
  ops::MatMul(root.WithOpName("m2"), a, b, {.transpose_b = true});  // different attr
  ops::MatMul(root.WithOpName("m3"), b, a);                          // not commutative
  ops::Identity(root.WithOpName("i1"), a);
  ops::Identity(root.WithOpName("i2"), a);  // a duplicate, but fetched: it must keep its name
  std::unique_ptr<Graph> g = ToGraph(root);
  CommonSubexpressionElimination cse({"a", "b", "m1", "m2", "m3", "i1", "i2"});
  EXPECT_THAT(cse.Run(g.get()), IsOkAndHolds(false));
  EXPECT_EQ(g->num_nodes(), 7);
}

TEST(CommonSubexpressionEliminationTest, ControlUsesMoveToTheSurvivor) {
  Scope root = Scope::NewRootScope();
  Output c1 = ops::Const(root.WithOpName("c1"), 1.f);
  Output c2 = ops::Const(root.WithOpName("c2"), 1.f);
  ops::NoOp(root.WithOpName("t").WithControlDependencies(c2));
  std::unique_ptr<Graph> g = ToGraph(root);
  CommonSubexpressionElimination cse({"t"});
  EXPECT_THAT(cse.Run(g.get()), IsOkAndHolds(true));
  ASSERT_EQ(g->FindNode("c2"), nullptr);
  ASSERT_EQ(g->FindNode("t")->control_inputs().size(), 1u);
  EXPECT_EQ(g->FindNode("t")->control_inputs()[0]->src->name(), "c1");
}

}  // namespace
}  // namespace rill::compiler
