// Tests Greater (x > y) through the suite the orderings share (testing/comparison_test_suites.h):
// signature (no gradient), shape table and bool output, kernel values for every dtype (NaN,
// infinities, extremes, broadcasting), shapes the kernel must check. This file holds Greater's
// expected values.
#include "gtest/gtest.h"
#include "ops/math/testing/comparison_test_suites.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    Greater, OrderingOpTest,
    ::testing::Values(OrderingOpParam{
        .op = "Greater",
        .builder = ops::Greater,
        // In the order of OrderingKernelInputs().
        .kernel_expected = {
          MakeTensor<bool>({6}, {false, false, true, false, false, false}),
          MakeTensor<bool>({2, 2}, {false, false, true, false}),
          MakeTensor<bool>({3}, {false, false, true}),
          MakeTensor<bool>({2}, {false, true}),
          MakeTensor<bool>({3}, {false, true, false}),
        },
    }));

}  // namespace
}  // namespace rill::testing
