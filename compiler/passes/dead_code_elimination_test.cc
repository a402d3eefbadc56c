#include "compiler/passes/dead_code_elimination.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"

namespace rill::compiler {
namespace {

using ::rill::testing::IsOkAndHolds;
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

TEST(DeadCodeEliminationTest, RemovesWhatNoKeptNodeNeeds) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  Output c = ops::Const(root.WithOpName("c"), 2.f);
  ops::Add(root.WithOpName("sum"), x, c);
  Output unused = ops::Relu(root.WithOpName("unused"), ops::Identity(root.WithOpName("id"), c));
  ops::NoOp(root.WithOpName("after").WithControlDependencies(unused));
  std::unique_ptr<Graph> g = ToGraph(root);
  DeadCodeElimination dce({"sum"});
  EXPECT_THAT(dce.Run(g.get()), IsOkAndHolds(true));
  EXPECT_THAT(NodeNames(*g), UnorderedElementsAre("x", "c", "sum"));
  // Nothing left to remove: the pass reports no change (it "does not fire").
  EXPECT_THAT(dce.Run(g.get()), IsOkAndHolds(false));
}

TEST(DeadCodeEliminationTest, ControlEdgesKeepTheirSourcesAlive) {
  Scope root = Scope::NewRootScope();
  Output c = ops::Const(root.WithOpName("c"), 1.f);
  Output side = ops::Identity(root.WithOpName("side"), c);
  ops::NoOp(root.WithOpName("target").WithControlDependencies(side));
  std::unique_ptr<Graph> g = ToGraph(root);
  DeadCodeElimination dce({"target"});
  EXPECT_THAT(dce.Run(g.get()), IsOkAndHolds(false));
  EXPECT_THAT(NodeNames(*g), UnorderedElementsAre("c", "side", "target"));
}

TEST(DeadCodeEliminationTest, KeepsStatefulAndUnregisteredOps) {
  OpRegistry registry;
  ASSERT_OK_AND_ASSIGN(OpRegistration stateful,
                       OpDefBuilder("TestEffect").Output("out: float").SetIsStateful().Build());
  ASSERT_OK(registry.Register(std::move(stateful)));
  ASSERT_OK_AND_ASSIGN(OpRegistration pure, OpDefBuilder("TestPure").Output("out: float").Build());
  ASSERT_OK(registry.Register(std::move(pure)));
  Graph g;
  for (const char* spec : {"effect:TestEffect", "pure:TestPure", "mystery:NotRegistered"}) {
    std::string s = spec;
    NodeDef def;
    def.set_name(s.substr(0, s.find(':')));
    def.set_op(s.substr(s.find(':') + 1));
    ASSERT_OK(g.AddNode(def).status());
  }
  DeadCodeElimination dce({}, registry);
  EXPECT_THAT(dce.Run(&g), IsOkAndHolds(true));
  EXPECT_THAT(NodeNames(g), UnorderedElementsAre("effect", "mystery"));
}

}  // namespace
}  // namespace rill::compiler
