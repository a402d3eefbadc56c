// Tests SigmoidGrad (dy * y * (1 - y)) through the suite it shares with TanhGrad
// (testing/activation_grad_test_suite.h): signature (a composite: expand, no kernel), shape table
// incl. the y/dy mismatch error, values through the expansion on the executor, and its registered
// gradient (second derivatives of Sigmoid). This file holds SigmoidGrad's values.
#include "gtest/gtest.h"
#include "ops/math/testing/activation_grad_test_suite.h"
#include "ops/math_ops.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(SigmoidGrad, ActivationGradOpTest,
                         ::testing::Values(ActivationGradOpParam{
                             .op = "SigmoidGrad",
                             .forward = ops::Sigmoid,
                             .grad = ops::SigmoidGrad,
                             // dy * y * (1 - y) with dy = [2, 4, 3, -1].
                             .y = {0.5, 0.25, 0, 1},
                             .expected = {0.5, 0.75, 0, 0},
                         }));

}  // namespace
}  // namespace rill::testing
