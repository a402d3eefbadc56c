// Tests PruneGraph: data and control ancestors of fetches and targets are kept, the rest removed.
#include "graph/prune.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// a -> b -> c, d (unused), init -^-> c, e -> f (unused chain), g -^-> b
constexpr char kGraph[] = R"pb(
  node { name: "a" op: "Const" }
  node { name: "b" op: "Identity" input: "a" input: "^g" }
  node { name: "init" op: "NoOp" }
  node { name: "c" op: "Identity" input: "b" input: "^init" }
  node { name: "d" op: "Identity" input: "a" }
  node { name: "e" op: "Const" }
  node { name: "f" op: "Identity" input: "e" }
  node { name: "g" op: "NoOp" }
)pb";

std::unique_ptr<Graph> Load() {
  absl::StatusOr<GraphDef> def = ParseGraphDefText(kGraph);
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Graph>> g = GraphFromGraphDef(*def);
  EXPECT_OK(g);
  return *std::move(g);
}

std::vector<std::string> Names(const Graph& g) {
  std::vector<std::string> out;
  for (const Node* n : g.nodes()) out.push_back(n->name());
  return out;
}

TEST(PruneTest, KeepsDataAndControlAncestorsOfFetches) {
  std::unique_ptr<Graph> g = Load();
  ASSERT_OK(PruneGraph(g.get(), {"c"}, {}));
  EXPECT_THAT(Names(*g), ElementsAre("a", "b", "init", "c", "g"));
  // Remaining edges are intact.
  EXPECT_EQ(g->FindNode("c")->control_inputs().size(), 1u);
  EXPECT_EQ(g->FindNode("a")->out_edges().size(), 1u);
}

TEST(PruneTest, FetchWithPortAndTargets) {
  std::unique_ptr<Graph> g = Load();
  ASSERT_OK(PruneGraph(g.get(), {"f:0"}, {"init"}));
  EXPECT_THAT(Names(*g), ElementsAre("init", "e", "f"));
}

TEST(PruneTest, TargetsOnly) {
  std::unique_ptr<Graph> g = Load();
  ASSERT_OK(PruneGraph(g.get(), {}, {"d"}));
  EXPECT_THAT(Names(*g), ElementsAre("a", "d"));
}

TEST(PruneTest, FetchingEverythingKeepsEverything) {
  std::unique_ptr<Graph> g = Load();
  ASSERT_OK(PruneGraph(g.get(), {"c", "d", "f"}, {}));
  EXPECT_EQ(g->num_nodes(), 8);
}

TEST(PruneTest, Errors) {
  std::unique_ptr<Graph> g = Load();
  EXPECT_THAT(PruneGraph(g.get(), {}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least one")));
  EXPECT_THAT(
      PruneGraph(g.get(), {"nope:1"}, {}),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("fetch 'nope:1': no node named 'nope'")));
  EXPECT_THAT(PruneGraph(g.get(), {"c:x"}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fetch 'c:x'")));
  EXPECT_THAT(PruneGraph(g.get(), {"^c"}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("target")));
  EXPECT_THAT(PruneGraph(g.get(), {}, {"c:0"}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("target 'c:0'")));
  // Nothing was removed by the failed calls.
  EXPECT_EQ(g->num_nodes(), 8);
}

}  // namespace
}  // namespace rill
