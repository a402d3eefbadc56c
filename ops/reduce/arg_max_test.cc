// Tests ArgMax through the suite it shares with ArgMin (testing/arg_min_max_test_suite.h):
// signature, shape table (constant/unknown dimension, unknown rank, errors), the kernel for every
// dtype and output_type (ties, NaN, negative and int64 axes, empty axis error), and that it is
// registered without a gradient. This file holds ArgMax's expected indices (of the largest element).
#include <cstdint>

#include "gtest/gtest.h"
#include "ops/reduce/testing/arg_min_max_test_suite.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

ArgMinMaxOpParam ArgMaxParam() {
  ArgMinMaxOpParam p;
  p.op = "ArgMax";
  p.builder = ops::ArgMax;
  // In the order of ArgMinMaxKernelInputs().
  p.kernel_expected = {
      MakeTensor<int64_t>({2}, {1, 0}),
      MakeTensor<int64_t>({3}, {1, 0, 1}),
      MakeTensor<int32_t>({2}, {1, 0}),
      MakeTensor<int64_t>({}, {2}),
      MakeTensor<int64_t>({}, {0}),
      MakeTensor<int64_t>({}, {2}),
      MakeTensor<int64_t>({}, {1}),
      MakeTensor<int64_t>({2}, {1, 0}),
      MakeTensor<int64_t>({}, {1}),
      MakeTensor<int64_t>({}, {0}),
      MakeTensor<int64_t>({2, 2}, {1, 0, 0, 1}),
      MakeTensor<int64_t>({}, {1}),
      MakeTensor<int64_t>({}, {0}),
  };
  return p;
}

INSTANTIATE_TEST_SUITE_P(ArgMax, ArgMinMaxOpTest, ::testing::Values(ArgMaxParam()));

}  // namespace
}  // namespace rill::testing
