// Tests LogSoftmax through the suite it shares with Softmax (testing/softmax_test_suite.h):
// signature (a composite with a kernel), shape table, the kernel on hand-checked values
// (stable for huge and tiny probabilities, any rank), and the gradient against central
// differences. This file holds LogSoftmax's expected values and primitives.
#include <cmath>

#include "gtest/gtest.h"
#include "ops/nn/testing/softmax_test_suite.h"
#include "ops/nn_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

SoftmaxOpParam LogSoftmaxParam() {
  const double l2 = std::log(2.0), l3 = std::log(3.0), l4 = std::log(4.0);
  return SoftmaxOpParam{
      .op = "LogSoftmax",
      .output = "logsoftmax",
      .builder = ops::LogSoftmax,
      // In the order of SoftmaxInputs(). Huge logits stay finite, and a tiny probability keeps its
      // exact log instead of log(0).
      .expected = {{MakeTensor<double>({2, 2}, {-l4, l3 - l4, -l2, -l2}), 1e-15},
                   {MakeTensor<float>({1, 3}, {-0.6931472f, -0.6931472f, -2000.6931f}), 1e-6},
                   {MakeTensor<float>({1}, {0}), 0},
                   {MakeTensor<double>({2, 1, 2}, {-l2, -l2, l3 - l4, -l4}), 1e-15},
                   {MakeTensor<float>({0, 3}, {}), 0}},
      .primitives = {"Max", "Sub", "Exp", "Sum", "Log"},
  };
}

INSTANTIATE_TEST_SUITE_P(LogSoftmax, SoftmaxOpTest, ::testing::Values(LogSoftmaxParam()));

}  // namespace
}  // namespace rill::testing
