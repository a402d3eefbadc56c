#include "compiler/passes/elementwise_fusion.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/fusion_op.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "graph/graph_validate.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/reduce_ops.h"

namespace rill::compiler {
namespace {

using ::rill::testing::IsOkAndHolds;
using ::testing::HasSubstr;
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

TEST(ElementwiseFusionTest, TenOpChainBecomesOneKernelNamedLikeItsRoot) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {4, 8}});
  Output v = x;
  for (int i = 0; i < 10; ++i) {
    v = i % 2 == 0 ? ops::Relu(root, v) : ops::AddV2(root, v, x);
  }
  ops::Identity(root.WithOpName("out"), v);  // not element-wise: stays outside
  std::unique_ptr<Graph> g = ToGraph(root);
  const std::string last = v.node()->name();
  ElementwiseFusion fusion({"x", "out"});
  EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(true));
  EXPECT_THAT(NodeNames(*g), UnorderedElementsAre("x", last, "out"));
  const Node* fused = g->FindNode(last);
  EXPECT_EQ(fused->op(), kFusionOp);
  ASSERT_EQ(fused->num_data_inputs(), 1);  // x, deduplicated
  ASSERT_EQ(g->library().function_size(), 1);
  const FunctionDef& body = g->library().function(0);
  EXPECT_EQ(body.node_def_size(), 10);
  EXPECT_EQ(body.signature().input_arg_size(), 1);
  EXPECT_OK(ValidateGraph(*g));
  // The group is visible in the dump: the fused node and its body in the library.
  const std::string text = GraphDefToText(GraphToGraphDef(*g));
  EXPECT_THAT(text, HasSubstr("op: \"RillFusion\""));
  EXPECT_THAT(text, HasSubstr("name: \"" + body.signature().name() + "\""));
  EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(false));
}

TEST(ElementwiseFusionTest, DoesNotFuseAcrossShapesKeptNodesOrOutsideUses) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {4, 8}});
  Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, {.shape = {8}});
  Output rb = ops::Relu(root.WithOpName("rb"), b);            // [8]: a broadcast operand
  Output sum = ops::AddV2(root.WithOpName("sum"), x, rb);      // [4,8]
  Output shared = ops::Relu(root.WithOpName("shared"), sum);  // also used outside the group
  Output a = ops::Relu(root.WithOpName("a"), shared);
  ops::Identity(root.WithOpName("other"), shared);
  ops::Identity(root.WithOpName("out"), a);
  std::unique_ptr<Graph> g = ToGraph(root);
  ElementwiseFusion fusion({"x", "b", "out", "other"});
  // shared has a consumer outside a's group and rb has another shape: only sum+shared fuse.
  EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(true));
  EXPECT_THAT(NodeNames(*g), UnorderedElementsAre("x", "b", "rb", "shared", "a", "other", "out"));
  EXPECT_EQ(g->FindNode("shared")->op(), kFusionOp);
  EXPECT_EQ(g->FindNode("a")->op(), "Relu");
  EXPECT_OK(ValidateGraph(*g));
}

TEST(ElementwiseFusionTest, UnknownShapesAndKeptProducersAreNotFused) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 8}});
  Output r = ops::Relu(root.WithOpName("r"), x);
  ops::Relu(root.WithOpName("r2"), r);
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = {2}});
  Output kept = ops::Relu(root.WithOpName("kept"), y);
  ops::Relu(root.WithOpName("after"), kept);
  std::unique_ptr<Graph> g = ToGraph(root);
  ElementwiseFusion fusion({"x", "y", "r2", "kept", "after"});
  EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(false));
  EXPECT_EQ(g->num_nodes(), 6);
}


TEST(ElementwiseFusionTest, ProducersFuseIntoTheReductionTheyFeed) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {4, 8}});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = {4, 8}});
  Output sq = ops::Square(root.WithOpName("sq"), ops::Sub(root.WithOpName("d"), x, y));
  ops::Sum(root.WithOpName("loss"), sq, ops::Const(root.WithOpName("axes"), int32_t{-1}));
  std::unique_ptr<Graph> g = ToGraph(root);
  ElementwiseFusion fusion({"x", "y", "loss"});
  EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(true));
  // Sub, Square and Sum: one node (one kernel), named like the reduction.
  EXPECT_THAT(NodeNames(*g), UnorderedElementsAre("x", "y", "axes", "loss"));
  const Node* fused = g->FindNode("loss");
  EXPECT_EQ(fused->op(), kFusionOp);
  EXPECT_EQ(fused->def().attr().at(kFusionKindAttr).s(), kFusionKindReduction);
  ASSERT_EQ(fused->num_data_inputs(), 3);  // x, y and the Const axes
  ASSERT_EQ(g->library().function_size(), 1);
  const FunctionDef& body = g->library().function(0);
  ASSERT_EQ(body.node_def_size(), 3);
  EXPECT_EQ(body.node_def(2).op(), "Sum");  // the root ends the body
  EXPECT_EQ(body.node_def(2).input(0), "sq:y:0");
  EXPECT_EQ(body.ret().at("out_0"), "loss:output:0");
  EXPECT_OK(ValidateGraph(*g));
  EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(false));
}

TEST(ElementwiseFusionTest, ReductionFusionNeedsSoleUseConstAxesAndFewF32Channels) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {4, 8}});
  Output axes = ops::Const(root.WithOpName("axes"), int32_t{0});
  Output shared = ops::Abs(root.WithOpName("shared"), x);  // also used outside
  Output mx = ops::Max(root.WithOpName("mx"), shared, axes);
  ops::AddV2(root.WithOpName("other"), shared, mx);
  Output dyn_axes = ops::Placeholder(root.WithOpName("dyn_axes"), DT_INT32, {.shape = {}});
  ops::Sum(root.WithOpName("dyn"), ops::Neg(root.WithOpName("neg"), x), dyn_axes);
  Output kept = ops::Exp(root.WithOpName("kept"), x);
  ops::Sum(root.WithOpName("ks"), kept, axes);
  // f32 BiasAddGrad's fused column sums keep a row of channels on the stack: not 16385.
  Output wide = ops::Placeholder(root.WithOpName("wide"), DT_FLOAT, {.shape = {2, 16385}});
  Output rg = ops::ReluGrad(root.WithOpName("rg"), wide, wide);
  ops::BiasAddGrad(root.WithOpName("db"), rg);
  std::unique_ptr<Graph> g = ToGraph(root);
  ElementwiseFusion fusion({"x", "wide", "other", "dyn_axes", "dyn", "kept", "ks", "db"});
  EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(false));
  for (const char* name : {"shared", "mx", "neg", "dyn", "kept", "ks", "rg", "db"}) {
    ASSERT_NE(g->FindNode(name), nullptr) << name;
    EXPECT_NE(g->FindNode(name)->op(), kFusionOp) << name;
  }
}

TEST(ElementwiseFusionTest, BiasAddGradTakesItsReluGrad) {
  for (DataType dtype : {DT_DOUBLE, DT_FLOAT}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), dtype, {.shape = {4, 8}});
    Output rg = ops::ReluGrad(root.WithOpName("rg"), x, x);
    ops::BiasAddGrad(root.WithOpName("db"), rg);
    std::unique_ptr<Graph> g = ToGraph(root);
    ElementwiseFusion fusion({"x", "db"});
    EXPECT_THAT(fusion.Run(g.get()), IsOkAndHolds(true));
    EXPECT_THAT(NodeNames(*g), UnorderedElementsAre("x", "db"));
    EXPECT_EQ(g->FindNode("db")->def().attr().at(kFusionKindAttr).s(), kFusionKindReduction);
  }
}

}  // namespace
}  // namespace rill::compiler
