// Tests NotEqual (x != y) through the suite it shares with Equal
// (testing/comparison_test_suites.h): signature, shape table (incompatible_shape_error), kernel
// values for every dtype (NaN, -0, strings, bools, broadcasting) and incompatible shapes, strict
// and lenient. This file holds NotEqual's expected values.
#include "gtest/gtest.h"
#include "ops/math/testing/comparison_test_suites.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    NotEqual, EqualityOpTest,
    ::testing::Values(EqualityOpParam{
        .op = "NotEqual",
        .builder = ops::NotEqual,
        // In the order of EqualityKernelInputs().
        .kernel_expected = {
          MakeTensor<bool>({4}, {false, true, false, true}),
          MakeTensor<bool>({2, 2}, {false, true, true, false}),
          MakeTensor<bool>({2}, {false, true}),
          MakeTensor<bool>({2}, {false, true}),
          MakeTensor<bool>({2}, {false, true}),
          MakeTensor<bool>({3}, {false, true, false}),
          MakeTensor<bool>({2}, {false, true}),
        },
        .incompatible_result = true,
    }));

}  // namespace
}  // namespace rill::testing
