// Tests the in-memory Graph: nodes, data/control edges, rewiring, removal and collections.
#include "graph/graph.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

NodeDef Def(const std::string& name, const std::string& op = "Op") {
  NodeDef def;
  def.set_name(name);
  def.set_op(op);
  return def;
}

std::vector<std::string> Names(const std::vector<Node*>& nodes) {
  std::vector<std::string> out;
  for (const Node* n : nodes) out.push_back(n->name());
  return out;
}

TEST(GraphTest, AddNodesAndEdges) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a", "Const")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b", "Add")));
  ASSERT_OK(g.AddDataInput(b, a, 0));
  ASSERT_OK(g.AddDataInput(b, a, 1));
  ASSERT_OK(g.AddControlInput(b, a));
  EXPECT_EQ(a->id(), 0);
  EXPECT_EQ(b->id(), 1);
  EXPECT_EQ(g.num_nodes(), 2);
  EXPECT_EQ(g.num_edges(), 3);
  ASSERT_EQ(b->num_data_inputs(), 2);
  EXPECT_EQ(b->data_inputs()[1]->src_output, 1);
  EXPECT_EQ(b->data_inputs()[1]->dst_input, 1);
  EXPECT_EQ(b->DataInputName(0), "a");
  EXPECT_EQ(b->DataInputName(1), "a:1");
  ASSERT_EQ(b->control_inputs().size(), 1u);
  EXPECT_TRUE(b->control_inputs()[0]->IsControl());
  EXPECT_EQ(a->out_edges().size(), 3u);
  EXPECT_EQ(g.FindNode("b"), b);
  EXPECT_EQ(g.FindNode("c"), nullptr);
  EXPECT_THAT(g.GetNode("c"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("'c'")));
}

TEST(GraphTest, RenameNodeKeepsEdgesAndRejectsBadOrTakenNames) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a", "Const")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b", "Add")));
  ASSERT_OK(g.AddDataInput(b, a, 1));
  ASSERT_OK(g.RenameNode(a, "scope/a2"));
  EXPECT_EQ(g.FindNode("a"), nullptr);
  EXPECT_EQ(g.FindNode("scope/a2"), a);
  EXPECT_EQ(b->DataInputName(0), "scope/a2:1");
  ASSERT_OK(g.RenameNode(a, "scope/a2"));  // same name: nothing to do
  EXPECT_THAT(g.RenameNode(a, "b"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("duplicate")));
  EXPECT_THAT(g.RenameNode(a, ""), ::rill::testing::StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(g.FindNode("scope/a2"), a);
}

TEST(GraphTest, DuplicateControlInputIsKeptOnce) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b")));
  ASSERT_OK_AND_ASSIGN(const Edge* e1, g.AddControlInput(b, a));
  ASSERT_OK_AND_ASSIGN(const Edge* e2, g.AddControlInput(b, a));
  EXPECT_EQ(e1, e2);
  EXPECT_EQ(g.num_edges(), 1);
}

TEST(GraphTest, RejectsBadNamesAndForeignNodes) {
  Graph g, other;
  EXPECT_THAT(g.AddNode(Def("")), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(g.AddNode(Def("a:0")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("':'")));
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  EXPECT_THAT(g.AddNode(Def("a")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("duplicate")));
  NodeDef with_input = Def("b");
  with_input.add_input("a");
  EXPECT_THAT(g.AddNode(with_input),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("without inputs")));
  ASSERT_OK_AND_ASSIGN(Node * x, other.AddNode(Def("x")));
  EXPECT_THAT(g.AddDataInput(a, x, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not part")));
  EXPECT_THAT(g.AddDataInput(a, a, -2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("negative")));
}

TEST(GraphTest, ReplaceDataInputRewires) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b")));
  ASSERT_OK_AND_ASSIGN(Node * c, g.AddNode(Def("c")));
  ASSERT_OK(g.AddDataInput(c, a, 0));
  ASSERT_OK(g.ReplaceDataInput(c, 0, b, 2));
  EXPECT_EQ(c->DataInputName(0), "b:2");
  EXPECT_THAT(a->out_edges(), IsEmpty());
  EXPECT_EQ(b->out_edges().size(), 1u);
  EXPECT_EQ(g.num_edges(), 1);
  EXPECT_THAT(g.ReplaceDataInput(c, 1, b, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no data input 1")));
}

TEST(GraphTest, ReplaceAllUsesWithMovesDataUsesOfOnePort) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b")));
  ASSERT_OK_AND_ASSIGN(Node * c, g.AddNode(Def("c")));
  ASSERT_OK_AND_ASSIGN(Node * d, g.AddNode(Def("d")));
  ASSERT_OK(g.AddDataInput(c, a, 0));
  ASSERT_OK(g.AddDataInput(c, a, 1));
  ASSERT_OK(g.AddDataInput(d, a, 0));
  ASSERT_OK(g.AddControlInput(d, a));
  ASSERT_OK_AND_ASSIGN(int moved, g.ReplaceAllUsesWith(a, 0, b, 2));
  EXPECT_EQ(moved, 2);
  EXPECT_EQ(c->DataInputName(0), "b:2");
  EXPECT_EQ(c->DataInputName(1), "a:1");  // another port of a
  EXPECT_EQ(d->DataInputName(0), "b:2");
  EXPECT_EQ(d->control_inputs()[0]->src, a);  // control edges stay
  EXPECT_EQ(a->out_edges().size(), 2u);
  // Now a:0 has no users left, so a can go only after c stops reading a:1.
  EXPECT_THAT(g.RemoveNode(a), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("'c'")));
}

TEST(GraphTest, RemoveNodeDetachesEdgesAndCollections) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b")));
  ASSERT_OK_AND_ASSIGN(Node * c, g.AddNode(Def("c")));
  ASSERT_OK(g.AddDataInput(b, a, 0));
  ASSERT_OK(g.AddControlInput(c, b));
  g.AddToCollection(collection_keys::kVariables, b);
  // b feeds nobody's data input (only a control edge to c), so it can go.
  ASSERT_OK(g.RemoveNode(b));
  EXPECT_EQ(g.num_nodes(), 2);
  EXPECT_EQ(g.num_edges(), 0);
  EXPECT_THAT(a->out_edges(), IsEmpty());
  EXPECT_THAT(c->control_inputs(), IsEmpty());
  EXPECT_THAT(g.GetCollection(collection_keys::kVariables), IsEmpty());
  EXPECT_EQ(g.FindNode("b"), nullptr);
  EXPECT_EQ(g.node(1), nullptr);
  EXPECT_EQ(g.node_id_bound(), 3);
  EXPECT_THAT(Names(g.nodes()), ElementsAre("a", "c"));
  // Ids are never reused.
  ASSERT_OK_AND_ASSIGN(Node * d, g.AddNode(Def("b")));
  EXPECT_EQ(d->id(), 3);
}

TEST(GraphTest, RemoveNodeRefusesToOrphanADataInput) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b")));
  ASSERT_OK(g.AddDataInput(b, a, 0));
  EXPECT_THAT(g.RemoveNode(a), StatusIs(absl::StatusCode::kFailedPrecondition,
                                        HasSubstr("feeds data input 0 of 'b'")));
  EXPECT_EQ(g.num_nodes(), 2);
  // Removing both at once is fine, in any order.
  ASSERT_OK(g.RemoveNodes({a, b}));
  EXPECT_EQ(g.num_nodes(), 0);
  EXPECT_EQ(g.num_edges(), 0);
}

TEST(GraphTest, RemoveNodesRejectsDuplicates) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  EXPECT_THAT(g.RemoveNodes({a, a}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
  EXPECT_EQ(g.num_nodes(), 1);
}

TEST(GraphTest, RemoveNodesWithSelfLoopAndFanOut) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * src, g.AddNode(Def("src")));
  ASSERT_OK_AND_ASSIGN(Node * keep, g.AddNode(Def("keep")));
  ASSERT_OK(g.AddDataInput(keep, src, 0));
  std::vector<Node*> doomed;
  for (int i = 0; i < 100; ++i) {
    ASSERT_OK_AND_ASSIGN(Node * n, g.AddNode(Def("n" + std::to_string(i))));
    ASSERT_OK(g.AddDataInput(n, src, 0));
    ASSERT_OK(g.AddDataInput(n, n, 0));  // self loop
    ASSERT_OK(g.AddControlInput(keep, n));
    doomed.push_back(n);
  }
  ASSERT_OK(g.RemoveNodes(doomed));
  EXPECT_EQ(g.num_nodes(), 2);
  EXPECT_EQ(g.num_edges(), 1);
  EXPECT_EQ(src->out_edges().size(), 1u);
  EXPECT_THAT(keep->control_inputs(), IsEmpty());
}

TEST(GraphTest, Collections) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * w, g.AddNode(Def("w")));
  ASSERT_OK_AND_ASSIGN(Node * b, g.AddNode(Def("b")));
  ASSERT_OK_AND_ASSIGN(Node * loss, g.AddNode(Def("loss")));
  g.AddToCollection(collection_keys::kTrainableVariables, w);
  g.AddToCollection(collection_keys::kTrainableVariables, b);
  g.AddToCollection(collection_keys::kTrainableVariables, w);  // no duplicates
  g.AddToCollection(collection_keys::kLosses, loss);
  g.AddToCollection("my/custom", b);
  EXPECT_THAT(Names(g.GetCollection("trainable_variables")), ElementsAre("w", "b"));
  EXPECT_THAT(Names(g.GetCollection(collection_keys::kLosses)), ElementsAre("loss"));
  EXPECT_THAT(g.GetCollection(collection_keys::kSummaries), IsEmpty());
  EXPECT_THAT(g.CollectionKeys(), ElementsAre("losses", "my/custom", "trainable_variables"));
  ASSERT_OK(g.RemoveNode(b));
  EXPECT_THAT(Names(g.GetCollection("trainable_variables")), ElementsAre("w"));
  EXPECT_THAT(g.CollectionKeys(), ElementsAre("losses", "trainable_variables"));
  g.ClearCollection(collection_keys::kLosses);
  EXPECT_THAT(g.GetCollection(collection_keys::kLosses), IsEmpty());
  EXPECT_STREQ(collection_keys::kUpdateOps, "update_ops");
  EXPECT_STREQ(collection_keys::kVariables, "variables");
}

TEST(GraphTest, AttrsAndDevice) {
  Graph g;
  ASSERT_OK_AND_ASSIGN(Node * a, g.AddNode(Def("a")));
  AttrValue v;
  v.set_b(true);
  a->SetAttr("flag", v);
  EXPECT_TRUE(a->attrs().at("flag").b());
  EXPECT_TRUE(a->RemoveAttr("flag"));
  EXPECT_FALSE(a->RemoveAttr("flag"));
  a->set_device("/cpu:0");
  EXPECT_EQ(a->device(), "/cpu:0");
  EXPECT_EQ(a->def().device(), "/cpu:0");
}

}  // namespace
}  // namespace rill
