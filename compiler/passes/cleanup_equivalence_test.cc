// Runs the clean-up passes (shape specialisation, then constant folding, simplification, CSE and
// DCE to a fixed point) on a few graphs and checks on the Interpreter that every fetch is bitwise
// the same before and after, and that the passes really did their work.
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/pass_pipeline.h"
#include "compiler/passes/algebraic_simplification.h"
#include "compiler/passes/common_subexpression_elimination.h"
#include "compiler/passes/constant_folding.h"
#include "compiler/passes/dead_code_elimination.h"
#include "compiler/passes/shape_specialization.h"
#include "compiler/testing/pass_test_util.h"
#include "gmock/gmock.h"
#include "graph/gradients.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"

namespace rill::compiler {
namespace {

using ::rill::compiler::testing::ExpectSameResults;
using ::rill::compiler::testing::GraphFromScope;

// Feeds are kept (DCE/CSE roots) and marked fed (never folded).
std::unique_ptr<Graph> Cleanup(const Scope& root, const std::vector<Feed>& feeds,
                               const std::vector<std::string>& fetches) {
  absl::StatusOr<std::unique_ptr<Graph>> g = GraphFromScope(root);
  EXPECT_OK(g);
  std::map<std::string, TensorShape> shapes;
  std::vector<std::string> fed;
  for (const Feed& feed : feeds) {
    shapes[feed.first] = feed.second.shape();
    fed.push_back(feed.first);
  }
  std::vector<std::string> roots = fetches;
  roots.insert(roots.end(), fed.begin(), fed.end());
  PassPipeline pipeline("cleanup_test");
  pipeline.AddPass<ShapeSpecialization>(shapes);
  PassPipeline& fixed = pipeline.AddFixedPoint("cleanup");
  fixed.AddPass<ConstantFolding>(ConstantFoldingOptions{.feeds = fed, .keep = fetches});
  fixed.AddPass<AlgebraicSimplification>(
      AlgebraicSimplificationOptions{.keep = fetches, .feeds = fed});
  fixed.AddPass<CommonSubexpressionElimination>(roots);
  fixed.AddPass<DeadCodeElimination>(roots);
  EXPECT_OK(pipeline.Run(g->get()).status());
  return std::move(*g);
}

int CountOps(const Graph& g, const std::string& op) {
  int count = 0;
  for (const Node* n : g.nodes()) count += n->op() == op ? 1 : 0;
  return count;
}

Tensor Iota(const TensorShape& shape, float scale) {
  std::vector<float> v(shape.num_elements());
  for (size_t i = 0; i < v.size(); ++i) v[i] = scale * (static_cast<float>(i) - 2.5f);
  return *Tensor::FromVector<float>(v, shape);
}

TEST(CleanupEquivalenceTest, DenseLayerGradientWithUnknownBatch) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 3}});
  Output w = ops::Const(root.WithOpName("w"), {{0.5f, -1.f}, {2.f, 0.25f}, {-0.75f, 1.5f}});
  Output b = ops::Const(root.WithOpName("b"), {0.1f, -0.2f});
  Output h =
      ops::Relu(root.WithOpName("h"),
                ops::AddV2(root.WithOpName("pre"), ops::MatMul(root.WithOpName("mm"), x, w), b));
  Output loss = ops::Sum(root.WithOpName("loss"), ops::Square(root.WithOpName("sq"), h),
                         ops::Const(root.WithOpName("axes"), {0, 1}));
  ASSERT_OK_AND_ASSIGN(std::vector<Output> grads, AddSymbolicGradients(root, {loss}, {x}));
  ops::Identity(root.WithOpName("dx"), grads[0]);
  const std::vector<Feed> feeds = {{"x", Iota(TensorShape({4, 3}), 0.5f)}};
  std::unique_ptr<Graph> before = *GraphFromScope(root);
  std::unique_ptr<Graph> after = Cleanup(root, feeds, {"loss", "dx"});
  EXPECT_OK(ExpectSameResults(*before, *after, feeds, {"loss", "dx"}));
  // With the batch known, every shape computation folded away.
  EXPECT_GT(CountOps(*before, "Shape"), 0);
  EXPECT_EQ(CountOps(*after, "Shape"), 0);
  EXPECT_EQ(CountOps(*after, "BroadcastGradientArgs"), 0);
  EXPECT_LT(after->num_nodes(), before->num_nodes());
}

TEST(CleanupEquivalenceTest, SimplificationsKeepSpecialValues) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Output one = ops::Mul(root.WithOpName("two_halves"), ops::Const(root.WithOpName("h1"), 0.5f),
                        ops::Const(root.WithOpName("h2"), 2.f));  // folds to 1, then x*1 goes
  Output y = ops::Mul(root.WithOpName("y"), x, one);
  Output t = ops::Transpose(root.WithOpName("t"), y, ops::Const(root.WithOpName("p"), {1, 0}));
  Output back =
      ops::Transpose(root.WithOpName("back"), t, ops::Const(root.WithOpName("p2"), {1, 0}));
  Output n = ops::Neg(root.WithOpName("n2"), ops::Neg(root.WithOpName("n1"), back));
  Output pz = ops::AddV2(root.WithOpName("plus_zero"), n, ops::Const(root.WithOpName("z"), 0.f));
  ops::Identity(root.WithOpName("out"), pz);
  ops::Identity(root.WithOpName("out_n"), n);
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<Feed> feeds = {
      {"x", *Tensor::FromVector<float>({std::nanf(""), -0.f, 0.f, inf, -inf, 3.f},
                                       TensorShape({2, 3}))}};
  std::unique_ptr<Graph> before = *GraphFromScope(root);
  std::unique_ptr<Graph> after = Cleanup(root, feeds, {"out", "out_n"});
  EXPECT_OK(ExpectSameResults(*before, *after, feeds, {"out", "out_n"}));
  EXPECT_EQ(CountOps(*after, "Transpose"), 0);
  EXPECT_EQ(CountOps(*after, "Neg"), 0);
  EXPECT_EQ(CountOps(*after, "Mul"), 0);
  EXPECT_EQ(CountOps(*after, "AddV2"), 1);  // x + 0.0 is not x for -0.0
}

TEST(CleanupEquivalenceTest, ConstantSubgraphsAndBroadcasts) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 4}});
  Output r = ops::Range(root.WithOpName("r"), ops::Const(root.WithOpName("start"), 0.f),
                        ops::Const(root.WithOpName("limit"), 4.f),
                        ops::Const(root.WithOpName("delta"), 1.f));
  Output tiled =
      ops::Tile(root.WithOpName("tiled"),
                ops::ExpandDims(root.WithOpName("row"), r, ops::Const(root.WithOpName("d0"), 0)),
                ops::Const(root.WithOpName("mult"), {2, 1}));
  Output e = ops::Exp(root.WithOpName("e"), tiled);
  Output s = ops::Sub(root.WithOpName("s"), ops::Mul(root.WithOpName("m"), x, e), r);
  ops::Sum(root.WithOpName("out"), s, ops::Const(root.WithOpName("ax"), {1}));
  const std::vector<Feed> feeds = {{"x", Iota(TensorShape({2, 4}), 1.25f)}};
  std::unique_ptr<Graph> before = *GraphFromScope(root);
  std::unique_ptr<Graph> after = Cleanup(root, feeds, {"out"});
  EXPECT_OK(ExpectSameResults(*before, *after, feeds, {"out"}));
  EXPECT_EQ(CountOps(*after, "Range"), 0);
  EXPECT_EQ(CountOps(*after, "Tile"), 0);
  EXPECT_EQ(CountOps(*after, "Exp"), 0);
  EXPECT_EQ(CountOps(*after, "Mul"), 1);
}

}  // namespace
}  // namespace rill::compiler
