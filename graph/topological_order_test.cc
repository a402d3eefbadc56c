// Tests TopologicalOrder: stable by insertion order, control edges, cycle reports.
#include "graph/topological_order.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class TopoTest : public ::testing::Test {
 protected:
  Node* Add(const std::string& name) {
    NodeDef def;
    def.set_name(name);
    def.set_op("Op");
    return *graph_.AddNode(def);
  }
  void Data(Node* src, Node* dst) { ASSERT_OK(graph_.AddDataInput(dst, src, 0)); }
  void Control(Node* src, Node* dst) { ASSERT_OK(graph_.AddControlInput(dst, src)); }
  std::vector<std::string> Order() {
    absl::StatusOr<std::vector<Node*>> order = TopologicalOrder(graph_);
    EXPECT_OK(order);
    std::vector<std::string> names;
    if (order.ok()) {
      for (Node* n : *order) names.push_back(n->name());
    }
    return names;
  }
  Graph graph_;
};

TEST_F(TopoTest, EmptyGraph) { EXPECT_TRUE(Order().empty()); }

TEST_F(TopoTest, DependencyOrderedGraphKeepsInsertionOrder) {
  Node* a = Add("a");
  Node* b = Add("b");
  Node* c = Add("c");
  Node* d = Add("d");
  Data(a, c);
  Data(b, c);
  Data(c, d);
  EXPECT_THAT(Order(), ElementsAre("a", "b", "c", "d"));
}

TEST_F(TopoTest, ReversedInsertionIsSortedAndStable) {
  // Inserted consumer-first; whenever several nodes are ready the earliest inserted goes first:
  // x and lone are ready at the start (x is older), then y (older than lone), then out.
  Node* out = Add("out");
  Node* y = Add("y");
  Node* x = Add("x");
  Add("lone");
  Data(x, y);
  Data(y, out);
  Data(x, out);
  EXPECT_THAT(Order(), ElementsAre("x", "y", "out", "lone"));
}

TEST_F(TopoTest, ControlEdgesOrderToo) {
  Node* b = Add("b");
  Node* a = Add("a");
  Control(a, b);
  EXPECT_THAT(Order(), ElementsAre("a", "b"));
}

TEST_F(TopoTest, EveryNodeAfterItsInputsAndDeterministic) {
  std::vector<Node*> nodes;
  for (int i = 0; i < 50; ++i) nodes.push_back(Add("n" + std::to_string(i)));
  // Edges from later to earlier nodes: acyclic, but insertion order is not a valid order.
  for (int i = 1; i < 50; ++i) Data(nodes[i], nodes[(i * 7 + 3) % i]);
  ASSERT_OK_AND_ASSIGN(std::vector<Node*> order, TopologicalOrder(graph_));
  ASSERT_EQ(order.size(), 50u);
  std::vector<int> position(50);
  for (int i = 0; i < 50; ++i) position[order[i]->id()] = i;
  for (Node* n : order) {
    for (const Edge* e : n->data_inputs()) EXPECT_LT(position[e->src->id()], position[n->id()]);
  }
  const std::vector<std::string> first = Order();
  for (int run = 0; run < 3; ++run) EXPECT_EQ(Order(), first);
}

TEST_F(TopoTest, DataCycleIsNamed) {
  Node* a = Add("a");
  Node* b = Add("b");
  Node* c = Add("c");
  Node* after = Add("after");
  Data(a, b);
  Data(b, c);
  Data(c, a);
  Data(c, after);
  EXPECT_THAT(TopologicalOrder(graph_), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 AllOf(HasSubstr("cycle"), HasSubstr("3 nodes"),
                                                       HasSubstr("a -> b -> c -> a"))));
}

TEST_F(TopoTest, ControlCycleIsFound) {
  Node* a = Add("a");
  Node* b = Add("b");
  Data(a, b);
  Control(b, a);
  EXPECT_THAT(TopologicalOrder(graph_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("^b -> a")));
}

TEST_F(TopoTest, SelfLoop) {
  Node* a = Add("a");
  Data(a, a);
  EXPECT_THAT(TopologicalOrder(graph_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1 nodes")));
}

TEST_F(TopoTest, LongCycleIsElided) {
  std::vector<Node*> nodes;
  for (int i = 0; i < 100; ++i) nodes.push_back(Add("n" + std::to_string(i)));
  for (int i = 0; i < 100; ++i) Data(nodes[i], nodes[(i + 1) % 100]);
  EXPECT_THAT(TopologicalOrder(graph_), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 AllOf(HasSubstr("100 nodes"), HasSubstr("..."))));
}

}  // namespace
}  // namespace rill
