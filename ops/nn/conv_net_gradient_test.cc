// Gradient-checks a whole one-conv-layer classifier (Conv2D, BiasAdd, Relu, MaxPool, Reshape,
// MatMul, SparseSoftmaxCrossEntropyWithLogits, Mean): symbolic gradients of the mean loss for the
// input, filter, bias and dense weights against central differences in f64, batch known or not.
#include <cstdint>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
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

// inputs: x [batch,4,4,1], filter [3,3,1,2], bias [2], dense [8,3], labels [batch] (int64).
std::vector<Output> ConvNetLoss(const Scope& s, const std::vector<Output>& in) {
  Output conv = ops::Conv2D(s, in[0], in[1], {1, 1, 1, 1}, "SAME");
  Output act = ops::Relu(s, ops::BiasAdd(s, conv, in[2]));
  Output pooled = ops::MaxPool(s, act, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");  // [batch,2,2,2]
  Output flat = ops::Reshape(s, pooled, ops::Const(s, {-1, 8}));
  Output logits = ops::MatMul(s, flat, in[3]);
  Output loss = ops::SparseSoftmaxCrossEntropyWithLogits(s, logits, in[4]).loss;
  return {ops::Mean(s, loss, ops::Const(s, 0))};
}

std::vector<Tensor> Inputs(int64_t batch, uint64_t seed) {
  std::vector<int64_t> labels(batch);
  for (int64_t i = 0; i < batch; ++i) labels[i] = i % 3;
  return {RandomTensor(DT_DOUBLE, TensorShape({batch, 4, 4, 1}), seed, -1, 1),
          RandomTensor(DT_DOUBLE, TensorShape({3, 3, 1, 2}), seed + 1, -1, 1),
          RandomTensor(DT_DOUBLE, TensorShape({2}), seed + 2, -0.5, 0.5),
          RandomTensor(DT_DOUBLE, TensorShape({8, 3}), seed + 3, -1, 1),
          MakeTensor<int64_t>({batch}, labels)};
}

TEST(ConvNetGradientTest, WholeNetworkMatchesCentralDifferences) {
  GradientCheckOptions options;
  options.const_inputs = {4};
  EXPECT_OK(CheckGradients(ConvNetLoss, Inputs(3, 1), options));
}

TEST(ConvNetGradientTest, WholeNetworkWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.const_inputs = {4};
  options.placeholder_shapes = {{0, PartialShape({-1, 4, 4, 1})}};
  EXPECT_OK(CheckGradients(ConvNetLoss, Inputs(2, 11), options));
}

}  // namespace
}  // namespace rill
