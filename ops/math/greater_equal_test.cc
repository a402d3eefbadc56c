// Tests GreaterEqual (x >= y) through the suite the orderings share (testing/comparison_test_suites.h):
// signature (no gradient), shape table and bool output, kernel values for every dtype (NaN,
// infinities, extremes, broadcasting), shapes the kernel must check. This file holds GreaterEqual's
// expected values.
#include "gtest/gtest.h"
#include "ops/math/testing/comparison_test_suites.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    GreaterEqual, OrderingOpTest,
    ::testing::Values(OrderingOpParam{
        .op = "GreaterEqual",
        .builder = ops::GreaterEqual,
        // In the order of OrderingKernelInputs().
        .kernel_expected = {
          MakeTensor<bool>({6}, {false, true, true, false, true, false}),
          MakeTensor<bool>({2, 2}, {false, false, true, true}),
          MakeTensor<bool>({3}, {false, true, true}),
          MakeTensor<bool>({2}, {false, true}),
          MakeTensor<bool>({3}, {false, true, true}),
        },
    }));

}  // namespace
}  // namespace rill::testing
