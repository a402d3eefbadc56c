// Input-controlled depth must never become stack depth: a 50,000-node chain goes through
// conversion, topological order, validation, shape inference, pruning and the Scope builder.
// Run under --config=asan too (ASan shrinks the usable stack, so recursion would show there first).
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_validate.h"
#include "graph/prune.h"
#include "graph/scope.h"
#include "graph/shape_refiner.h"
#include "graph/topological_order.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr int kChain = 50000;

// x (Placeholder) -> n1 -> ... -> n50000 (Identity), plus an unused side node; optionally the
// first Identity also reads the last one through a control edge, closing a 50k-node cycle.
GraphDef Chain(bool close_cycle) {
  GraphDef def;
  NodeDef* x = def.add_node();
  x->set_name("x");
  x->set_op("Placeholder");
  (*x->mutable_attr())["dtype"].set_type(DT_FLOAT);
  for (int i = 1; i <= kChain; ++i) {
    NodeDef* n = def.add_node();
    n->set_name(absl::StrCat("n", i));
    n->set_op("Identity");
    n->add_input(i == 1 ? "x" : absl::StrCat("n", i - 1));
    if (i == 1 && close_cycle) n->add_input(absl::StrCat("^n", kChain));
    (*n->mutable_attr())["T"].set_type(DT_FLOAT);
  }
  NodeDef* side = def.add_node();
  side->set_name("side");
  side->set_op("Identity");
  side->add_input("x");
  (*side->mutable_attr())["T"].set_type(DT_FLOAT);
  return def;
}

TEST(DeepGraphTest, LongChainValidatesPrunesAndConverts) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(Chain(false)));
  ASSERT_EQ(g->num_nodes(), kChain + 2);
  ASSERT_OK_AND_ASSIGN(std::vector<Node*> order, TopologicalOrder(*g));
  EXPECT_EQ(order.back()->name(), "side");
  ASSERT_OK(ValidateGraph(*g));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(*g));
  EXPECT_EQ(shapes->outputs(*g->FindNode(absl::StrCat("n", kChain)))->dtypes[0], DT_FLOAT);
  ASSERT_OK(PruneGraph(g.get(), {absl::StrCat("n", kChain)}, {}));
  EXPECT_EQ(g->num_nodes(), kChain + 1);
  EXPECT_EQ(g->FindNode("side"), nullptr);
  EXPECT_EQ(GraphToGraphDef(*g).node_size(), kChain + 1);
  // Pruning to the first node removes 50,000 nodes at once.
  ASSERT_OK(PruneGraph(g.get(), {"x"}, {}));
  EXPECT_EQ(g->num_nodes(), 1);
}

TEST(DeepGraphTest, LongCycleIsReported) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(Chain(true)));
  EXPECT_THAT(ValidateGraph(*g), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr(absl::StrCat("(", kChain, " nodes"))));
}

TEST(DeepGraphTest, LongChainThroughScope) {
  Scope root = Scope::NewRootScope();
  Output out = ops::Placeholder(root, DT_FLOAT, {.shape = {2}});
  for (int i = 0; i < kChain; ++i) out = ops::Identity(root, out);
  ASSERT_OK(root.status());
  EXPECT_EQ(out.node()->name(), absl::StrCat("Identity_", kChain - 1));
  EXPECT_EQ(out.shape().DebugString(), "[2]");
  ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
  EXPECT_EQ(def.node_size(), kChain + 1);
}

}  // namespace
}  // namespace rill
