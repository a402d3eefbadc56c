// Tests GraphDef <-> Graph: lossless round trip (versions, library, attrs, devices), edges,
// structural errors.
#include "graph/graph_convert.h"

#include <memory>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "graph/graph_io.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

GraphDef Parse(const std::string& text) {
  absl::StatusOr<GraphDef> def = ParseGraphDefText(text);
  EXPECT_OK(def);
  return def.ok() ? *def : GraphDef();
}

absl::StatusOr<std::unique_ptr<Graph>> Convert(const std::string& text) {
  return GraphFromGraphDef(Parse(text));
}

constexpr char kRoundTrip[] = R"pb(
  node {
    name: "x"
    op: "Placeholder"
    device: "/cpu:0"
    attr {
      key: "dtype"
      value { type: DT_FLOAT }
    }
    attr {
      key: "_class"
      value { list { s: "loc:@x" } }
    }
    experimental_debug_info { original_node_names: "orig_x" }
  }
  node { name: "split" op: "Split" input: "x" }
  node { name: "init" op: "NoOp" }
  node {
    name: "y"
    op: "Add"
    input: "split:1"
    input: "x"
    input: "^init"
    input: "^split"
    attr {
      key: "T"
      value { type: DT_FLOAT }
    }
  }
  versions { producer: 27 min_consumer: 12 bad_consumers: 3 }
  library { function { signature { name: "f" } } }
)pb";

TEST(GraphConvertTest, RoundTripPreservesEverything) {
  const GraphDef original = Parse(kRoundTrip);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> graph, GraphFromGraphDef(original));
  EXPECT_EQ(graph->num_nodes(), 4);
  EXPECT_EQ(graph->versions().producer(), 27);
  EXPECT_EQ(graph->library().function_size(), 1);
  const GraphDef back = GraphToGraphDef(*graph);
  std::string diff;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differ.Compare(original, back)) << diff;
  // And once more through a second Graph: a fixed point.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> again, GraphFromGraphDef(back));
  EXPECT_EQ(GraphDefToText(GraphToGraphDef(*again)), GraphDefToText(back));
}

TEST(GraphConvertTest, EdgesAreBuiltFromInputs) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(Parse(kRoundTrip)));
  const Node* y = g->FindNode("y");
  ASSERT_NE(y, nullptr);
  ASSERT_EQ(y->num_data_inputs(), 2);
  EXPECT_EQ(y->data_inputs()[0]->src->name(), "split");
  EXPECT_EQ(y->data_inputs()[0]->src_output, 1);
  ASSERT_EQ(y->control_inputs().size(), 2u);
  EXPECT_EQ(y->control_inputs()[0]->src->name(), "init");
  // Node inputs live on edges only.
  EXPECT_EQ(y->def().input_size(), 0);
}

TEST(GraphConvertTest, ForwardReferencesAreFine) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g,
                       Convert(R"pb(node { name: "b" op: "Identity" input: "a" }
                                    node { name: "a" op: "Const" })pb"));
  EXPECT_EQ(g->FindNode("b")->data_inputs()[0]->src->name(), "a");
}

TEST(GraphConvertTest, MissingVersionsMeansProducerZero) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, Convert(R"pb(node { name: "a" op: "NoOp" })pb"));
  EXPECT_EQ(g->versions().producer(), 0);
  const GraphDef back = GraphToGraphDef(*g);
  EXPECT_TRUE(back.has_versions());
  EXPECT_EQ(back.versions().producer(), 0);
  EXPECT_FALSE(back.has_library());
}

TEST(GraphConvertTest, InputsAreWrittenCanonically) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g,
                       Convert(R"pb(node { name: "a" op: "Const" }
                                    node { name: "b" op: "Identity" input: "a:0" })pb"));
  EXPECT_EQ(GraphToGraphDef(*g).node(1).input(0), "a");
}

TEST(GraphConvertTest, StructuralErrorsNameNodeAndField) {
  EXPECT_THAT(Convert(R"pb(node { name: "" op: "Const" })pb"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node #0 (op 'Const'): field 'name' is empty")));
  EXPECT_THAT(
      Convert(R"pb(node { name: "a" op: "Const" }
                   node { name: "a" op: "NoOp" })pb"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node #1: duplicate node name 'a'")));
  EXPECT_THAT(Convert(R"pb(node { name: "a b" op: "Const" })pb"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node #0: field 'name'")));
  EXPECT_THAT(
      Convert(R"pb(node { name: "a" })pb"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'a': field 'op' is empty")));
  EXPECT_THAT(Convert(R"pb(node { name: "a" op: "Identity" input: "ghost" })pb"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'a' input 0 ('ghost'): no node named 'ghost'")));
  EXPECT_THAT(Convert(R"pb(node { name: "a" op: "Identity" input: "a:x" })pb"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'a' input 0 ('a:x')")));
  EXPECT_THAT(Convert(R"pb(node { name: "c" op: "NoOp" }
                           node { name: "a" op: "Const" }
                           node { name: "b" op: "Identity" input: "^c" input: "a" })pb"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'b' input 1 ('a'): data input after a control input")));
}

}  // namespace
}  // namespace rill
