// Tests TanhGrad (dy * (1 - y * y)) through the suite it shares with SigmoidGrad
// (testing/activation_grad_test_suite.h): signature (a composite: expand, no kernel), shape table
// incl. the y/dy mismatch error, values through the expansion on the executor, and its registered
// gradient (second derivatives of Tanh). This file holds TanhGrad's values.
#include "gtest/gtest.h"
#include "ops/math/testing/activation_grad_test_suite.h"
#include "ops/math_ops.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(TanhGrad, ActivationGradOpTest,
                         ::testing::Values(ActivationGradOpParam{
                             .op = "TanhGrad",
                             .forward = ops::Tanh,
                             .grad = ops::TanhGrad,
                             // dy * (1 - y * y) with dy = [2, 4, 3, -1].
                             .y = {0.5, -0.25, 1, 0},
                             .expected = {1.5, 3.75, 0, -1},
                         }));

}  // namespace
}  // namespace rill::testing
