// Tests ConstantFolding: what folds (Consts, published shape values, multi-output nodes), what
// does not (stateful, fed, kernel errors, size cap) and how names and control edges survive.
#include "compiler/passes/constant_folding.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_validate.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/random_ops.h"

namespace rill::compiler {
namespace {

using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::unique_ptr<Graph> ToGraph(const Scope& root) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Graph>> g = GraphFromGraphDef(*def);
  EXPECT_OK(g);
  return std::move(*g);
}

// The op of node `name`, or "<absent>".
std::string OpOf(const Graph& g, const std::string& name) {
  const Node* n = g.FindNode(name);
  return n == nullptr ? "<absent>" : n->op();
}

// The value of Const `name` (an empty Tensor if it is not a Const).
Tensor ConstValue(const Graph& g, const std::string& name) {
  const Node* n = g.FindNode(name);
  if (n == nullptr || n->op() != "Const") return Tensor();
  absl::StatusOr<Tensor> t = Tensor::FromProto(n->attrs().at("value").tensor());
  EXPECT_OK(t);
  return t.ok() ? *t : Tensor();
}

std::vector<std::string> ControlInputNames(const Graph& g, const std::string& name) {
  std::vector<std::string> names;
  for (const Edge* e : g.FindNode(name)->control_inputs()) names.push_back(e->src->name());
  return names;
}

TEST(ConstantFoldingTest, FoldsChainsOfConstantsAndKeepsNames) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output c1 = ops::Const(root.WithOpName("c1"), {1.f, 2.f});
  Output c2 = ops::Const(root.WithOpName("c2"), 3.f);
  Output a = ops::AddV2(root.WithOpName("a"), c1, c2);
  Output m = ops::Mul(root.WithOpName("m"), a, a);
  ops::AddV2(root.WithOpName("out"), m, x);
  std::unique_ptr<Graph> g = ToGraph(root);
  ConstantFolding folding;
  EXPECT_THAT(folding.Run(g.get()), IsOkAndHolds(true));
  EXPECT_EQ(OpOf(*g, "a"), "Const");
  EXPECT_EQ(OpOf(*g, "m"), "Const");
  EXPECT_EQ(OpOf(*g, "out"), "AddV2");  // x is not constant
  EXPECT_THAT(ConstValue(*g, "m").ToVector<float>(), ElementsAre(16.f, 25.f));
  EXPECT_EQ(g->FindNode("out")->data_inputs()[0]->src->name(), "m");
  EXPECT_OK(ValidateGraph(*g));
  EXPECT_THAT(folding.Run(g.get()), IsOkAndHolds(false));  // a fixed point
}

TEST(ConstantFoldingTest, ControlEdgesAndCollectionsMoveToTheConst) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  Output before = ops::Identity(root.WithOpName("before"), x);
  Output c = ops::Const(root.WithOpName("c"), 2.f);
  Output f = ops::Mul(root.WithOpName("f").WithControlDependencies(before), c, c);
  ops::NoOp(root.WithOpName("after").WithControlDependencies(f));
  std::unique_ptr<Graph> g = ToGraph(root);
  g->AddToCollection("interesting", g->FindNode("f"));
  ConstantFolding folding;
  EXPECT_THAT(folding.Run(g.get()), IsOkAndHolds(true));
  EXPECT_EQ(OpOf(*g, "f"), "Const");
  ASSERT_EQ(g->GetCollection("interesting").size(), 1u);  // the Const takes the node's place
  EXPECT_EQ(g->GetCollection("interesting")[0]->name(), "f");
  EXPECT_THAT(ControlInputNames(*g, "f"), ElementsAre("before"));
  EXPECT_THAT(ControlInputNames(*g, "after"), ElementsAre("f"));
  EXPECT_OK(ValidateGraph(*g));
}

TEST(ConstantFoldingTest, MultiOutputNodesBecomeOneConstPerOutput) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output c = ops::Const(root.WithOpName("c"), {{1.f, 2.f}, {3.f, 4.f}});
  std::vector<Output> rows = ops::Unpack(root.WithOpName("u"), c, 2);
  ops::AddV2(root.WithOpName("r0"), rows[0], x);
  ops::AddV2(root.WithOpName("r1"), rows[1], x);
  std::unique_ptr<Graph> g = ToGraph(root);
  EXPECT_THAT(ConstantFolding().Run(g.get()), IsOkAndHolds(true));
  EXPECT_EQ(OpOf(*g, "u"), "<absent>");
  EXPECT_THAT(ConstValue(*g, "u/folded_0").ToVector<float>(), ElementsAre(1.f, 2.f));
  EXPECT_THAT(ConstValue(*g, "u/folded_1").ToVector<float>(), ElementsAre(3.f, 4.f));
  EXPECT_EQ(g->FindNode("r1")->data_inputs()[0]->src->name(), "u/folded_1");
  EXPECT_OK(ValidateGraph(*g));

  // Fetching "u:1" needs the node itself: a kept multi-output node is not folded.
  std::unique_ptr<Graph> kept = ToGraph(root);
  EXPECT_THAT(ConstantFolding({.keep = {"u"}}).Run(kept.get()), IsOkAndHolds(false));
  EXPECT_EQ(OpOf(*kept, "u"), "Unpack");
}

TEST(ConstantFoldingTest, FoldsPublishedShapeValuesOfNonConstantInputs) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = {-1, 3}});
  ops::Shape(root.WithOpName("shape_x"), x);
  ops::Size(root.WithOpName("size_x"), x);
  ops::Rank(root.WithOpName("rank_y"), y);    // rank is known even with an unknown dim
  ops::Shape(root.WithOpName("shape_y"), y);  // not fully known: stays
  std::unique_ptr<Graph> g = ToGraph(root);
  EXPECT_THAT(ConstantFolding().Run(g.get()), IsOkAndHolds(true));
  EXPECT_THAT(ConstValue(*g, "shape_x").ToVector<int32_t>(), ElementsAre(2, 3));
  EXPECT_THAT(ConstValue(*g, "size_x").ToVector<int32_t>(), ElementsAre(6));
  EXPECT_THAT(ConstValue(*g, "rank_y").ToVector<int32_t>(), ElementsAre(2));
  EXPECT_EQ(OpOf(*g, "shape_y"), "Shape");
  EXPECT_EQ(OpOf(*g, "x"), "Placeholder");
}

TEST(ConstantFoldingTest, DoesNotFoldStatefulOrFedNodes) {
  Scope root = Scope::NewRootScope();
  Output shape = ops::Const(root.WithOpName("shape"), {2});
  Output r = ops::RandomUniform(root.WithOpName("random"), shape, DT_FLOAT, {.seed = 1});
  Output c = ops::Const(root.WithOpName("c"), 2.f);
  Output fed = ops::Identity(root.WithOpName("fed"), c);  // the caller feeds it
  Output twice = ops::Mul(root.WithOpName("twice"), fed, fed);
  ops::Shape(root.WithOpName("shape_of_fed"), fed);  // fed's value was published: not trusted
  Output p = ops::Placeholder(root.WithOpName("p"), DT_FLOAT, {.shape = {2}});
  ops::Shape(root.WithOpName("shape_of_p"), p);  // a fed Placeholder's shape is trusted
  ops::AddV2(root.WithOpName("sum"), r, twice);
  std::unique_ptr<Graph> g = ToGraph(root);
  ConstantFolding folding({.feeds = {"fed", "p"}});
  EXPECT_THAT(folding.Run(g.get()), IsOkAndHolds(true));
  EXPECT_EQ(OpOf(*g, "random"), "RandomUniform");
  EXPECT_EQ(OpOf(*g, "fed"), "Identity");
  EXPECT_EQ(OpOf(*g, "twice"), "Mul");
  EXPECT_EQ(OpOf(*g, "sum"), "AddV2");
  EXPECT_EQ(OpOf(*g, "shape_of_fed"), "Shape");
  EXPECT_EQ(OpOf(*g, "shape_of_p"), "Const");
}

TEST(ConstantFoldingTest, KernelErrorsLeaveTheNodeForRunTime) {
  Scope root = Scope::NewRootScope();
  Output one = ops::Const(root.WithOpName("one"), 1);
  Output zero = ops::Const(root.WithOpName("zero"), 0);
  Output div = ops::Div(root.WithOpName("div"), one, zero);
  ops::AddV2(root.WithOpName("out"), div, one);
  std::unique_ptr<Graph> g = ToGraph(root);
  EXPECT_THAT(ConstantFolding().Run(g.get()), IsOkAndHolds(false));
  EXPECT_EQ(OpOf(*g, "div"), "Div");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(*g));
  EXPECT_THAT(interpreter->Run({}, {"out"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'div' (Div)")));
}

TEST(ConstantFoldingTest, SizeCapStopsLargeConstants) {
  Scope root = Scope::NewRootScope();
  Output dims = ops::Const(root.WithOpName("dims"), {4, 4});
  Output value = ops::Const(root.WithOpName("value"), 1.f);
  ops::Fill(root.WithOpName("fill"), dims, value);
  std::unique_ptr<Graph> small = ToGraph(root);
  EXPECT_THAT(ConstantFolding({.max_constant_bytes = 32}).Run(small.get()), IsOkAndHolds(false));
  EXPECT_EQ(OpOf(*small, "fill"), "Fill");
  std::unique_ptr<Graph> large = ToGraph(root);
  EXPECT_THAT(ConstantFolding({.max_constant_bytes = 1024}).Run(large.get()), IsOkAndHolds(true));
  EXPECT_EQ(ConstValue(*large, "fill").num_elements(), 16);
}

TEST(ConstantFoldingTest, LargeConstantsFeedingLiveComputationStayAsTheyAre) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {1, 512}});
  Output w = ops::Const(root.WithOpName("w"), std::vector<float>(512 * 512, 0.5f),
                        TensorShape({512, 512}));
  ops::MatMul(root.WithOpName("y"), x, w);
  std::unique_ptr<Graph> g = ToGraph(root);
  EXPECT_THAT(ConstantFolding().Run(g.get()), IsOkAndHolds(false));
  EXPECT_EQ(OpOf(*g, "y"), "MatMul");
  EXPECT_EQ(g->num_nodes(), 3);
}

TEST(ConstantFoldingTest, FactoryMakesThePass) {
  std::unique_ptr<GraphPass> pass = CreateConstantFoldingPass();
  EXPECT_EQ(pass->name(), "constant_folding");
}

}  // namespace
}  // namespace rill::compiler
