// End to end: a whole 1-conv-layer network (Conv2D SAME -> BiasAdd -> ReLU -> MaxPool -> Reshape
// -> MatMul -> softmax cross-entropy -> Mean) gradient-checks in f64: AddSymbolicGradients of the
// loss with respect to the image, filter, bias and dense weights against central differences,
// also with an unknown batch dimension.
#include <vector>

#include "base/status_matchers.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/reduce_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;

// inputs: image [2,4,4,1], filter [3,3,1,2], bias [2], dense [8,3], labels [2,3] (const).
std::vector<Output> ConvNet(const Scope& s, const std::vector<Output>& in) {
  const Output conv = ops::Conv2D(s, in[0], in[1], {1, 1, 1, 1}, "SAME");
  const Output act = ops::Relu(s, ops::BiasAdd(s, conv, in[2]));
  const Output pooled = ops::MaxPool(s, act, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");  // [2,2,2,2]
  const Output flat = ops::Reshape(s, pooled, ops::Const(s, {-1, 8}));
  const Output logits = ops::MatMul(s, flat, in[3]);
  const ops::SoftmaxCrossEntropyOutputs xent = ops::SoftmaxCrossEntropyWithLogits(s, logits, in[4]);
  return {ops::Mean(s, xent.loss, ops::Const(s, {0}))};
}

std::vector<Tensor> Inputs() {
  return {RandomTensor(DT_DOUBLE, TensorShape({2, 4, 4, 1}), 11),
          RandomTensor(DT_DOUBLE, TensorShape({3, 3, 1, 2}), 12),
          RandomTensor(DT_DOUBLE, TensorShape({2}), 13, 0.1, 0.5),
          RandomTensor(DT_DOUBLE, TensorShape({8, 3}), 14),
          MakeTensor<double>({2, 3}, {0, 1, 0, 0.25, 0.25, 0.5})};
}

TEST(ConvNetGradientTest, WholeNetworkMatchesCentralDifferences) {
  GradientCheckOptions options;
  options.const_inputs = {4};
  EXPECT_OK(CheckGradients(ConvNet, Inputs(), options));
}

TEST(ConvNetGradientTest, UnknownBatchDimension) {
  GradientCheckOptions options;
  options.const_inputs = {4};
  options.placeholder_shapes = {{0, PartialShape({-1, 4, 4, 1})}};
  EXPECT_OK(CheckGradients(ConvNet, Inputs(), options));
}

}  // namespace
}  // namespace rill
