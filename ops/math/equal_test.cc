// Tests Equal (x == y) through the suite it shares with NotEqual
// (testing/comparison_test_suites.h): signature, shape table (incompatible_shape_error), kernel
// values for every dtype (NaN, -0, strings, bools, broadcasting) and incompatible shapes, strict
// and lenient. This file holds Equal's expected values.
#include "gtest/gtest.h"
#include "ops/math/testing/comparison_test_suites.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    Equal, EqualityOpTest,
    ::testing::Values(EqualityOpParam{
        .op = "Equal",
        .builder = ops::Equal,
        // In the order of EqualityKernelInputs().
        .kernel_expected = {
          MakeTensor<bool>({4}, {true, false, true, false}),
          MakeTensor<bool>({2, 2}, {true, false, false, true}),
          MakeTensor<bool>({2}, {true, false}),
          MakeTensor<bool>({2}, {true, false}),
          MakeTensor<bool>({2}, {true, false}),
          MakeTensor<bool>({3}, {true, false, true}),
          MakeTensor<bool>({2}, {true, false}),
        },
        .incompatible_result = false,
    }));

}  // namespace
}  // namespace rill::testing
