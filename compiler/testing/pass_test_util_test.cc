// Tests the pass test helpers, including that ExpectSameResults really reports differences.
#include "compiler/testing/pass_test_util.h"

#include <cmath>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"

namespace rill::compiler::testing {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(PassTestUtilTest, InspectsNodes) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  Output c = ops::Const(root.WithOpName("c"), {1.f, 2.f});
  ops::AddV2(root.WithOpName("a"), x, c);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromScope(root));
  EXPECT_EQ(OpOf(*g, "a"), "AddV2");
  EXPECT_EQ(OpOf(*g, "nope"), "<absent>");
  EXPECT_THAT(DataInputNames(*g, "a"), ElementsAre("x", "c"));
  EXPECT_THAT(DataInputNames(*g, "nope"), ElementsAre("<absent>"));
  ASSERT_OK_AND_ASSIGN(Tensor value, ConstValue(*g, "c"));
  EXPECT_THAT(value.ToVector<float>(), ElementsAre(1.f, 2.f));
  EXPECT_THAT(ConstValue(*g, "a"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a Const")));
  EXPECT_THAT(ConstValue(*g, "nope"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
}

TEST(PassTestUtilTest, ComparesRunsBitwise) {
  Scope one = Scope::NewRootScope();
  Output x1 = ops::Placeholder(one.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  ops::AddV2(one.WithOpName("y"), x1, ops::Const(one.WithOpName("z"), 0.f));
  Scope two = Scope::NewRootScope();
  Output x2 = ops::Placeholder(two.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  ops::Identity(two.WithOpName("y"), x2);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g1, GraphFromScope(one));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g2, GraphFromScope(two));
  Tensor plain = *Tensor::FromVector<float>({1.f, 2.f}, TensorShape({2}));
  Tensor negative_zero = *Tensor::FromVector<float>({-0.f, 2.f}, TensorShape({2}));
  EXPECT_OK(ExpectSameResults(*g1, *g2, {{"x", plain}}, {"y"}));
  // -0.0 + 0.0 is +0.0 but Identity keeps -0.0: only a bitwise comparison sees it.
  EXPECT_THAT(ExpectSameResults(*g1, *g2, {{"x", negative_zero}}, {"y"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fetch 'y'")));
  EXPECT_THAT(RunOnInterpreter(*g1, {}, {"y"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("you must feed")));
}

}  // namespace
}  // namespace rill::compiler::testing
