// Tests AlgebraicSimplification: each rewrite fires where it is exact and does not fire where it
// would change a value (NaN, +-Inf, -0.0), a shape, a fetched name or an ordering.
#include "compiler/passes/algebraic_simplification.h"

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/testing/pass_test_util.h"
#include "gmock/gmock.h"
#include "graph/graph_validate.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"

namespace rill::compiler {
namespace {

using ::rill::compiler::testing::DataInputNames;
using ::rill::compiler::testing::ExpectSameResults;
using ::rill::compiler::testing::GraphFromScope;
using ::rill::compiler::testing::OpOf;
using ::rill::compiler::testing::RunOnInterpreter;
using ::rill::testing::IsOkAndHolds;
using ::testing::ElementsAre;

// Values on which float rewrites most easily go wrong.
Tensor SpecialFloats() {
  const float inf = std::numeric_limits<float>::infinity();
  return *Tensor::FromVector<float>(
      {std::numeric_limits<float>::quiet_NaN(), -0.f, 0.f, inf, -inf, 1.5f}, TensorShape({6}));
}

// Simplifies a copy of `root`'s graph keeping `keep`, checks the graph is valid and that the
// fetches (`keep`) are bitwise unchanged when x is fed `x`.
std::unique_ptr<Graph> SimplifyAndCompare(const Scope& root, const std::vector<std::string>& keep,
                                          const Tensor& x, bool expect_change = true) {
  absl::StatusOr<std::unique_ptr<Graph>> before = GraphFromScope(root);
  absl::StatusOr<std::unique_ptr<Graph>> after = GraphFromScope(root);
  EXPECT_OK(before);
  EXPECT_OK(after);
  AlgebraicSimplification pass({.keep = keep});
  EXPECT_THAT(pass.Run(after->get()), IsOkAndHolds(expect_change));
  EXPECT_OK(ValidateGraph(**after));
  EXPECT_OK(ExpectSameResults(**before, **after, {{"x", x}}, keep));
  return std::move(*after);
}

TEST(AlgebraicSimplificationTest, RemovesExactFloatIdentities) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {6}});
  Output m = ops::Mul(root.WithOpName("m"), x, ops::Const(root.WithOpName("one"), 1.f));
  Output m2 = ops::Mul(root.WithOpName("m2"), ops::Const(root.WithOpName("ones"), {1.f}), m);
  Output a = ops::AddV2(root.WithOpName("a"), m2, ops::Const(root.WithOpName("nz"), -0.f));
  Output s = ops::Sub(root.WithOpName("s"), a, ops::Const(root.WithOpName("pz"), 0.f));
  ops::Identity(root.WithOpName("out"), s);
  std::unique_ptr<Graph> g = SimplifyAndCompare(root, {"out"}, SpecialFloats());
  EXPECT_THAT(DataInputNames(*g, "out"), ElementsAre("x"));
  for (const char* gone : {"m", "m2", "a", "s"}) EXPECT_EQ(OpOf(*g, gone), "<absent>") << gone;
}

TEST(AlgebraicSimplificationTest, KeepsInexactFloatRewritesAndBroadcasts) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {6}});
  // x + 0.0 maps -0.0 to +0.0; x - (-0.0) is x + 0.0; x * 0 is NaN for NaN and Inf.
  ops::AddV2(root.WithOpName("add_pz"), x, ops::Const(root.WithOpName("pz"), 0.f));
  ops::Sub(root.WithOpName("sub_nz"), x, ops::Const(root.WithOpName("nz"), -0.f));
  ops::Mul(root.WithOpName("mul_zero"), x, ops::Const(root.WithOpName("zero"), 0.f));
  // 0 - x is not x; ones of shape [2,6] widen x.
  ops::Sub(root.WithOpName("zero_minus"), ops::Const(root.WithOpName("pz2"), 0.f), x);
  ops::Mul(root.WithOpName("widen"), x,
           ops::Const(root.WithOpName("ones"), std::vector<float>(12, 1.f), TensorShape({2, 6})));
  // A one-element constant of higher rank widens too ([6] * [1,1] is [1,6]).
  ops::Mul(root.WithOpName("rank_up"), x,
           ops::Const(root.WithOpName("one11"), std::vector<float>{1.f}, TensorShape({1, 1})));
  ops::Mul(root.WithOpName("fetched"), x, ops::Const(root.WithOpName("one"), 1.f));
  std::unique_ptr<Graph> g = SimplifyAndCompare(
      root, {"add_pz", "sub_nz", "mul_zero", "zero_minus", "widen", "rank_up", "fetched"},
      SpecialFloats(), /*expect_change=*/false);
  EXPECT_EQ(OpOf(*g, "add_pz"), "AddV2");
  EXPECT_EQ(OpOf(*g, "fetched"), "Mul");  // a fetched name never goes away

  // Why x + 0.0 must stay: it really turns -0.0 into +0.0.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got,
                       RunOnInterpreter(*g, {{"x", SpecialFloats()}}, {"add_pz"}));
  EXPECT_FALSE(std::signbit(got[0].data<float>()[1]));
}

TEST(AlgebraicSimplificationTest, IntegerZeroIsNeutralEitherWay) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_INT32, {.shape = {-1}});
  Output a = ops::AddV2(root.WithOpName("a"), ops::Const(root.WithOpName("zero"), 0), x);
  Output s = ops::Sub(root.WithOpName("s"), a, ops::Const(root.WithOpName("zero2"), 0));
  Output m = ops::Mul(root.WithOpName("m"), s, ops::Const(root.WithOpName("two"), 2));  // stays
  ops::Identity(root.WithOpName("out"), m);
  std::unique_ptr<Graph> g =
      SimplifyAndCompare(root, {"out"}, *Tensor::FromVector<int32_t>({-3, 0, 7}, TensorShape({3})));
  EXPECT_THAT(DataInputNames(*g, "m"), ElementsAre("x", "two"));
}

TEST(AlgebraicSimplificationTest, IdentityChainsGoUnlessFetchedOrOrdered) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {6}});
  Output chain = ops::Identity(
      root.WithOpName("i3"),
      ops::StopGradient(root.WithOpName("i2"), ops::PreventGradient(root.WithOpName("i1"), x)));
  Output out = ops::Neg(root.WithOpName("out"), chain);
  ops::NoOp(root.WithOpName("after").WithControlDependencies(chain));
  Output ordered = ops::Identity(root.WithOpName("ordered").WithControlDependencies(out), x);
  ops::Neg(root.WithOpName("out2"), ordered);
  ops::Identity(root.WithOpName("fetched"), x);
  std::unique_ptr<Graph> g = SimplifyAndCompare(root, {"out", "out2", "fetched"}, SpecialFloats());
  EXPECT_THAT(DataInputNames(*g, "out"), ElementsAre("x"));
  EXPECT_EQ(OpOf(*g, "i1"), "<absent>");
  ASSERT_EQ(g->FindNode("after")->control_inputs().size(), 1u);
  EXPECT_EQ(g->FindNode("after")->control_inputs()[0]->src->name(), "x");
  EXPECT_EQ(OpOf(*g, "ordered"), "Identity");  // its control input orders it
  EXPECT_EQ(OpOf(*g, "fetched"), "Identity");
}

TEST(AlgebraicSimplificationTest, FedConstantsAreNotConstants) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output one = ops::Const(root.WithOpName("one"), 1.f);  // fed with another value
  Output one_again = ops::Identity(root.WithOpName("one_again"), one);
  ops::Mul(root.WithOpName("m1"), x, one);
  ops::Mul(root.WithOpName("m2"), x, one_again);  // Identity publishes the Const's value
  ops::Mul(root.WithOpName("m3"), x, ops::Const(root.WithOpName("real_one"), 1.f));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromScope(root));
  AlgebraicSimplification pass({.feeds = {"one", "x"}});
  EXPECT_THAT(pass.Run(g.get()), IsOkAndHolds(true));
  EXPECT_EQ(OpOf(*g, "m1"), "Mul");
  EXPECT_EQ(OpOf(*g, "m2"), "Mul");
  EXPECT_EQ(OpOf(*g, "m3"), "<absent>");  // only the unfed 1 is neutral
  EXPECT_EQ(OpOf(*g, "one"), "Const");    // fed: kept, never bypassed
}

TEST(AlgebraicSimplificationTest, IdentityOfAVariableRefStays) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), PartialShape({2}), DT_FLOAT);
  ops::Identity(root.WithOpName("read"), v);
  ops::Neg(root.WithOpName("out"), ops::Identity(root.WithOpName("read2"), v));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromScope(root));
  EXPECT_THAT(AlgebraicSimplification({.keep = {"out"}}).Run(g.get()), IsOkAndHolds(false));
  EXPECT_EQ(OpOf(*g, "read2"), "Identity");
}

TEST(AlgebraicSimplificationTest, DoubleNegAndSameTypeCast) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {6}});
  Output n = ops::Neg(root.WithOpName("n2"), ops::Neg(root.WithOpName("n1"), x));
  Output c = ops::Cast(root.WithOpName("c"), n, DT_FLOAT);
  ops::Identity(root.WithOpName("out"), c);
  Output single = ops::Neg(root.WithOpName("single"), x);  // one Neg stays
  ops::Cast(root.WithOpName("to_int"), single, DT_INT32);  // a real Cast stays
  std::unique_ptr<Graph> g = SimplifyAndCompare(root, {"out", "to_int"}, SpecialFloats());
  EXPECT_THAT(DataInputNames(*g, "out"), ElementsAre("x"));
  EXPECT_EQ(OpOf(*g, "single"), "Neg");
  EXPECT_EQ(OpOf(*g, "to_int"), "Cast");
}

TEST(AlgebraicSimplificationTest, TransposeChains) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {1, 2, 3}});
  Output t1 = ops::Transpose(root.WithOpName("t1"), x, ops::Const(root.WithOpName("p"), {1, 0, 2}));
  Output back =
      ops::Transpose(root.WithOpName("back"), t1, ops::Const(root.WithOpName("p2"), {1, 0, 2}));
  ops::Identity(root.WithOpName("out_back"), back);
  Output t2 = ops::Transpose(root.WithOpName("t2"), x, ops::Const(root.WithOpName("q"), {2, 0, 1}));
  ops::Transpose(root.WithOpName("out_two"), t2, ops::Const(root.WithOpName("q2"), {0, 2, 1}));
  ops::Identity(
      root.WithOpName("out_id"),
      ops::Transpose(root.WithOpName("id"), x, ops::Const(root.WithOpName("e"), {0, 1, 2})));
  Tensor value = *Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, TensorShape({1, 2, 3}));
  std::unique_ptr<Graph> g = SimplifyAndCompare(root, {"out_back", "out_two", "out_id"}, value);
  EXPECT_THAT(DataInputNames(*g, "out_back"), ElementsAre("x"));
  // out_two = x transposed by r[i] = q[q2[i]] = {2, 1, 0}, as one Transpose keeping its name.
  EXPECT_THAT(DataInputNames(*g, "out_two"), ElementsAre("x", "out_two/perm"));
  ASSERT_OK_AND_ASSIGN(Tensor perm, testing::ConstValue(*g, "out_two/perm"));
  EXPECT_THAT(perm.ToVector<int32_t>(), ElementsAre(2, 1, 0));
  EXPECT_THAT(DataInputNames(*g, "out_id"), ElementsAre("x"));
}

TEST(AlgebraicSimplificationTest, ReshapeChainsAndNoOpReshapes) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Output r1 = ops::Reshape(root.WithOpName("r1"), x, ops::Const(root.WithOpName("s1"), {6}));
  ops::Reshape(root.WithOpName("out"), r1, ops::Const(root.WithOpName("s2"), {3, 2}));
  Output same = ops::Reshape(root.WithOpName("same"), x, ops::Const(root.WithOpName("s3"), {2, 3}));
  ops::Neg(root.WithOpName("out_same"), same);
  Tensor value = *Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, TensorShape({2, 3}));
  std::unique_ptr<Graph> g = SimplifyAndCompare(root, {"out", "out_same"}, value);
  EXPECT_THAT(DataInputNames(*g, "out"), ElementsAre("x", "s2"));
  EXPECT_THAT(DataInputNames(*g, "out_same"), ElementsAre("x"));

  // With an unknown dim the Reshape may change the shape: it stays.
  Scope partial = Scope::NewRootScope();
  Output y = ops::Placeholder(partial.WithOpName("x"), DT_FLOAT, {.shape = {-1, 3}});
  Output r = ops::Reshape(partial.WithOpName("r"), y, ops::Const(partial.WithOpName("s"), {-1, 3}));
  ops::Neg(partial.WithOpName("out"), r);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> pg, GraphFromScope(partial));
  EXPECT_THAT(AlgebraicSimplification({.keep = {"out"}}).Run(pg.get()), IsOkAndHolds(false));
}

TEST(AlgebraicSimplificationTest, FactoryMakesThePass) {
  EXPECT_EQ(CreateAlgebraicSimplificationPass()->name(), "simplify");
}

}  // namespace
}  // namespace rill::compiler
