// Tests ArgMin through the suite it shares with ArgMax (testing/arg_min_max_test_suite.h):
// signature, shape table (constant/unknown dimension, unknown rank, errors), the kernel for every
// dtype and output_type (ties, NaN, negative and int64 axes, empty axis error), and that it is
// registered without a gradient. This file holds ArgMin's expected indices (of the smallest element).
#include <cstdint>

#include "gtest/gtest.h"
#include "ops/reduce/testing/arg_min_max_test_suite.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

ArgMinMaxOpParam ArgMinParam() {
  ArgMinMaxOpParam p;
  p.op = "ArgMin";
  p.builder = ops::ArgMin;
  // In the order of ArgMinMaxKernelInputs().
  p.kernel_expected = {
      MakeTensor<int64_t>({2}, {0, 1}),
      MakeTensor<int64_t>({3}, {0, 1, 0}),
      MakeTensor<int32_t>({2}, {0, 1}),
      MakeTensor<int64_t>({}, {1}),
      MakeTensor<int64_t>({}, {2}),
      MakeTensor<int64_t>({}, {1}),
      MakeTensor<int64_t>({}, {0}),
      MakeTensor<int64_t>({2}, {0, 1}),
      MakeTensor<int64_t>({}, {0}),
      MakeTensor<int64_t>({}, {1}),
      MakeTensor<int64_t>({2, 2}, {0, 1, 1, 0}),
      MakeTensor<int64_t>({}, {0}),
      MakeTensor<int64_t>({}, {1}),
  };
  return p;
}

INSTANTIATE_TEST_SUITE_P(ArgMin, ArgMinMaxOpTest, ::testing::Values(ArgMinParam()));

}  // namespace
}  // namespace rill::testing
