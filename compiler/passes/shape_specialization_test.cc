// Tests ShapeSpecialization: feed shapes reach inference (and so ConstantFolding); bad feeds are
// clear errors.
#include "compiler/passes/shape_specialization.h"

#include <memory>

#include "base/status_matchers.h"
#include "compiler/passes/constant_folding.h"
#include "compiler/testing/pass_test_util.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "graph/shape_refiner.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"

namespace rill::compiler {
namespace {

using ::rill::compiler::testing::ConstValue;
using ::rill::compiler::testing::GraphFromScope;
using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Scope BatchGraph() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 3}});
  Output y = ops::Neg(root.WithOpName("y"), x);
  ops::Shape(root.WithOpName("shape"), y);
  ops::Const(root.WithOpName("c"), 1.f);
  return root;
}

TEST(ShapeSpecializationTest, FeedShapesReachInferenceAndFolding) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromScope(BatchGraph()));
  ShapeSpecialization pass({{"x", TensorShape({8, 3})}});
  EXPECT_THAT(pass.Run(g.get()), IsOkAndHolds(true));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ShapeRefiner> refiner, InferShapes(*g));
  EXPECT_EQ(refiner->outputs(*g->FindNode("y"))->shapes[0], PartialShape({8, 3}));
  EXPECT_THAT(pass.Run(g.get()), IsOkAndHolds(false));  // already specialised

  EXPECT_THAT(ConstantFolding().Run(g.get()), IsOkAndHolds(true));
  ASSERT_OK_AND_ASSIGN(Tensor shape, ConstValue(*g, "shape"));
  EXPECT_THAT(shape.ToVector<int32_t>(), ElementsAre(8, 3));
}

TEST(ShapeSpecializationTest, WithoutFeedShapesNothingChanges) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromScope(BatchGraph()));
  EXPECT_THAT(ShapeSpecialization({}).Run(g.get()), IsOkAndHolds(false));
  EXPECT_THAT(ConstantFolding().Run(g.get()), IsOkAndHolds(false));  // [?,3]: Shape stays
}

TEST(ShapeSpecializationTest, BadFeedsAreErrors) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromScope(BatchGraph()));
  EXPECT_THAT(ShapeSpecialization({{"nope", TensorShape({1})}}).Run(g.get()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("feed 'nope'")));
  EXPECT_THAT(ShapeSpecialization({{"x", TensorShape({8, 4})}}).Run(g.get()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("shape [8,4] does not match node 'x' (Placeholder) shape [?,3]")));
  EXPECT_THAT(ShapeSpecialization({{"c", TensorShape({})}}).Run(g.get()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'c' is a Const")));
}

TEST(ShapeSpecializationTest, FactoryMakesThePass) {
  EXPECT_EQ(CreateShapeSpecializationPass({})->name(), "shape_specialization");
}

}  // namespace
}  // namespace rill::compiler
