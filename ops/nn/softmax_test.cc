// Tests Softmax through the suite it shares with LogSoftmax (testing/softmax_test_suite.h):
// signature (a composite with a kernel), shape table, the kernel on hand-checked values
// (stable for huge logits, any rank), and the gradient against central differences. This file
// holds Softmax's expected values and primitives.
#include "gtest/gtest.h"
#include "ops/nn/testing/softmax_test_suite.h"
#include "ops/nn_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    Softmax, SoftmaxOpTest,
    ::testing::Values(SoftmaxOpParam{
        .op = "Softmax",
        .output = "softmax",
        .builder = ops::Softmax,
        // In the order of SoftmaxInputs(). Max subtraction keeps huge logits finite (the naive
        // exp(1000) is inf and inf / inf NaN).
        .expected = {{MakeTensor<double>({2, 2}, {0.25, 0.75, 0.5, 0.5}), 1e-15},
                     {MakeTensor<float>({1, 3}, {0.5, 0.5, 0}), 1e-7},
                     {MakeTensor<float>({1}, {1}), 0},
                     {MakeTensor<double>({2, 1, 2}, {0.5, 0.5, 0.75, 0.25}), 1e-15},
                     {MakeTensor<float>({0, 3}, {}), 0}},
        .primitives = {"Max", "Sub", "Exp", "Sum", "Div"},
    }));

}  // namespace
}  // namespace rill::testing
