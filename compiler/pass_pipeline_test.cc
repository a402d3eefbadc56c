#include "compiler/pass_pipeline.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"

namespace rill::compiler {
namespace {

using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Removes one Identity node per run (rewiring its users), so a fixed point needs several rounds.
class PeelOneIdentity : public GraphPass {
 public:
  absl::string_view name() const override { return "peel"; }
  absl::StatusOr<bool> Run(Graph* graph) override {
    for (Node* n : graph->nodes()) {
      if (n->op() != "Identity" || n->out_edges().empty()) continue;
      const Edge* in = n->data_inputs()[0];
      if (!graph->ReplaceAllUsesWith(n, 0, in->src, in->src_output).ok()) return false;
      if (!graph->RemoveNode(n).ok()) return false;
      return true;
    }
    return false;
  }
};

// Breaks the graph: gives a node an attr its op does not declare.
class AddBogusAttr : public GraphPass {
 public:
  absl::string_view name() const override { return "bogus"; }
  absl::StatusOr<bool> Run(Graph* graph) override {
    AttrValue v;
    v.set_i(1);
    graph->nodes()[0]->SetAttr("not_an_attr", v);
    return true;
  }
};

class Failing : public GraphPass {
 public:
  absl::string_view name() const override { return "failing"; }
  absl::StatusOr<bool> Run(Graph*) override { return absl::InvalidArgumentError("no good"); }
};

std::unique_ptr<Graph> IdentityChain(int length) {
  Scope root = Scope::NewRootScope();
  Output v = ops::Const(root.WithOpName("c"), 1.f);
  for (int i = 0; i < length; ++i) v = ops::Identity(root, v);
  ops::AddV2(root.WithOpName("sum"), v, v);
  absl::StatusOr<std::unique_ptr<Graph>> g = GraphFromGraphDef(*root.ToGraphDef());
  EXPECT_OK(g);
  return std::move(*g);
}

TEST(PassPipelineTest, FixedPointRunsUntilNothingChangesAndDumpsAfterNamedPasses) {
  std::vector<std::string> dumps;
  PipelineOptions options;
  options.dump_after = {"peel"};
  options.dump = [&](absl::string_view pass, const Graph& g) {
    dumps.push_back(absl::StrCat(pass, ":", g.num_nodes()));
  };
  PassPipeline pipeline("main", options);
  pipeline.AddFixedPoint("simplify").AddPass<PeelOneIdentity>();
  EXPECT_EQ(pipeline.Describe(), "simplify[peel]");
  std::unique_ptr<Graph> g = IdentityChain(3);
  EXPECT_THAT(pipeline.Run(g.get()), IsOkAndHolds(true));
  EXPECT_EQ(g->num_nodes(), 2);  // c, sum
  EXPECT_THAT(dumps, ElementsAre("peel:4", "peel:3", "peel:2", "peel:2"));
  EXPECT_THAT(pipeline.Run(g.get()), IsOkAndHolds(false));
}

TEST(PassPipelineTest, TakesPassesBuiltByFactories) {
  PassPipeline pipeline("main");
  pipeline.AddFixedPoint("simplify").AddPass(std::make_unique<PeelOneIdentity>());
  EXPECT_EQ(pipeline.Describe(), "simplify[peel]");
  std::unique_ptr<Graph> g = IdentityChain(3);
  EXPECT_THAT(pipeline.Run(g.get()), IsOkAndHolds(true));
  EXPECT_EQ(g->num_nodes(), 2);
}

TEST(PassPipelineTest, FixedPointThatDoesNotConvergeIsAnError) {
  PassPipeline pipeline("main");
  pipeline.AddFixedPoint("simplify", /*max_iterations=*/2).AddPass<PeelOneIdentity>();
  std::unique_ptr<Graph> g = IdentityChain(5);
  EXPECT_THAT(pipeline.Run(g.get()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("did not reach a fixed point")));
}

TEST(PassPipelineTest, VerifierNamesThePassThatBrokeTheGraph) {
  PassPipeline pipeline("main");
  pipeline.AddPass<AddBogusAttr>();
  std::unique_ptr<Graph> g = IdentityChain(1);
  EXPECT_THAT(pipeline.Run(g.get()),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("pass 'bogus' left an invalid graph")));
}

TEST(PassPipelineTest, PassErrorsKeepTheirCodeAndNameThePass) {
  PassPipeline pipeline("main");
  pipeline.AddPass<Failing>();
  std::unique_ptr<Graph> g = IdentityChain(1);
  EXPECT_THAT(pipeline.Run(g.get()),
              StatusIs(absl::StatusCode::kInvalidArgument, "pass 'failing': no good"));
}

}  // namespace
}  // namespace rill::compiler
