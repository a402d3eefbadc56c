// Tests MinOrMaxGradient directly: dy goes to the extreme elements of each group, split evenly
// among ties, for keep_dims false and true.
#include "ops/reduce/min_max_gradient.h"

#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/gradients.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/reduce_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::reduce {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::TensorEq;

// d(sum(dy * reduce(x)))/dx for x = [[1, 3, 3], [5, 2, -1]] reduced over axis 1 by Max or Min.
absl::StatusOr<Tensor> Gradient(bool max, bool keep_dims) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Const(root, {{1.0, 3.0, 3.0}, {5.0, 2.0, -1.0}});
  Output axis = ops::Const(root, 1);
  Output y = max ? ops::Max(root, x, axis, {.keep_dims = keep_dims})
                 : ops::Min(root, x, axis, {.keep_dims = keep_dims});
  Output dy = keep_dims ? ops::Const(root, {{10.0}, {20.0}}) : ops::Const(root, {10.0, 20.0});
  absl::StatusOr<std::vector<Output>> dx = AddSymbolicGradients(root, {y}, {x}, {dy});
  if (!dx.ok()) return dx.status();
  Output fetch = ops::Identity(root.WithOpName("dx"), (*dx)[0]);
  if (!root.ok()) return root.status();
  absl::StatusOr<GraphDef> graph = root.ToGraphDef();
  if (!graph.ok()) return graph.status();
  absl::StatusOr<std::unique_ptr<Interpreter>> interpreter = Interpreter::Create(*graph);
  if (!interpreter.ok()) return interpreter.status();
  absl::StatusOr<std::vector<Tensor>> out = (*interpreter)->Run({}, {"dx"});
  if (!out.ok()) return out.status();
  return (*out)[0];
}

TEST(MinMaxGradientTest, MaxSplitsTies) {
  // Row 0: the max 3 is tied, each copy gets half of 10; row 1: the max 5 gets all 20.
  EXPECT_THAT(Gradient(/*max=*/true, /*keep_dims=*/false),
              ::rill::testing::HoldsValue(
                  TensorEq(MakeTensor<double>({2, 3}, {0, 5, 5, 20, 0, 0}))));
  EXPECT_THAT(Gradient(/*max=*/true, /*keep_dims=*/true),
              ::rill::testing::HoldsValue(
                  TensorEq(MakeTensor<double>({2, 3}, {0, 5, 5, 20, 0, 0}))));
}

TEST(MinMaxGradientTest, MinGoesToTheMinimum) {
  EXPECT_THAT(Gradient(/*max=*/false, /*keep_dims=*/false),
              ::rill::testing::HoldsValue(
                  TensorEq(MakeTensor<double>({2, 3}, {10, 0, 0, 0, 0, 20}))));
}

}  // namespace
}  // namespace rill::reduce
