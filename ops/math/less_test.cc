// Tests Less (x < y) through the suite the orderings share (testing/comparison_test_suites.h):
// signature (no gradient), shape table and bool output, kernel values for every dtype (NaN,
// infinities, extremes, broadcasting), shapes the kernel must check. This file holds Less's
// expected values.
#include "gtest/gtest.h"
#include "ops/math/testing/comparison_test_suites.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    Less, OrderingOpTest,
    ::testing::Values(OrderingOpParam{
        .op = "Less",
        .builder = ops::Less,
        // In the order of OrderingKernelInputs().
        .kernel_expected = {
          MakeTensor<bool>({6}, {true, false, false, false, false, false}),
          MakeTensor<bool>({2, 2}, {true, true, false, false}),
          MakeTensor<bool>({3}, {true, false, false}),
          MakeTensor<bool>({2}, {true, false}),
          MakeTensor<bool>({3}, {true, false, false}),
        },
    }));

}  // namespace
}  // namespace rill::testing
