// Tests the softmax building blocks on the reference executor: the stable subgraphs stay finite
// for huge logits and match the textbook formulas; a scalar has no class axis.
#include "ops/nn/softmax_util.h"

#include <cmath>
#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::nn {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorNear;
using ::testing::HasSubstr;

// Runs `build(x)` on the value x and returns the result.
template <typename Fn>
absl::StatusOr<Tensor> Eval(const Tensor& x, Fn&& build) {
  Scope root = Scope::NewRootScope();
  Output in = ops::Placeholder(root.WithOpName("x"), x.dtype());
  Output out = ops::Identity(root.WithOpName("out"), build(root, in));
  if (!root.ok()) return root.status();
  absl::StatusOr<GraphDef> graph = root.ToGraphDef();
  if (!graph.ok()) return graph.status();
  absl::StatusOr<std::unique_ptr<Interpreter>> interpreter = Interpreter::Create(*graph);
  if (!interpreter.ok()) return interpreter.status();
  absl::StatusOr<std::vector<Tensor>> fetched = (*interpreter)->Run({{"x", x}}, {"out"});
  if (!fetched.ok()) return fetched.status();
  return (*fetched)[0];
}

TEST(SoftmaxUtilTest, SubtractRowMax) {
  EXPECT_THAT(Eval(MakeTensor<double>({2, 3}, {1, 5, 2, -1, -3, -2}), SubtractRowMax),
              ::rill::testing::HoldsValue(
                  ::rill::testing::TensorEq(MakeTensor<double>({2, 3}, {-4, 0, -3, 0, -2, -1}))));
}

TEST(SoftmaxUtilTest, StableLogSoftmaxMatchesTheFormulaAndStaysFinite) {
  // log_softmax([0, ln 3]) = [-ln 4, ln 3 - ln 4]; adding 1000 to a row changes nothing, where
  // the naive exp(1000) would overflow.
  const double l3 = std::log(3.0), l4 = std::log(4.0);
  EXPECT_THAT(Eval(MakeTensor<double>({2, 2}, {0, l3, 1000, 1000 + l3}), StableLogSoftmax),
              ::rill::testing::HoldsValue(
                  TensorNear(MakeTensor<double>({2, 2}, {-l4, l3 - l4, -l4, l3 - l4}), 1e-12)));
  EXPECT_THAT(Eval(MakeTensor<float>({3}, {-1e30f, 0, 1e30f}), StableLogSoftmax),
              ::rill::testing::HoldsValue(
                  TensorNear(MakeTensor<float>({3}, {-2e30f, -1e30f, 0}), 1e-6, 1e-6)));
}

TEST(SoftmaxUtilTest, SoftmaxBackward) {
  // y = [0.25, 0.75], dy = [1, 0]: (dy - 0.25) * y = [0.1875, -0.1875].
  EXPECT_THAT(Eval(MakeTensor<double>({2}, {1, 0}),
                   [](const Scope& s, const Output& dy) {
                     return SoftmaxBackward(s, ops::Const(s, {0.25, 0.75}), dy);
                   }),
              ::rill::testing::HoldsValue(
                  TensorNear(MakeTensor<double>({2}, {0.1875, -0.1875}), 1e-15)));
}

TEST(SoftmaxUtilTest, AScalarHasNoRows) {
  Scope root = Scope::NewRootScope();
  Output scalar = ops::Placeholder(root, DT_FLOAT, {.shape = PartialShape::Scalar()});
  SubtractRowMax(root, scalar);  // Max over axis -1 of a scalar is itself an error
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("axis -1")));
}

}  // namespace
}  // namespace rill::nn
