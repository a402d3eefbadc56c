// Tests Min through the suite it shares with Max (testing/min_max_test_suite.h): signature, the
// reduction shape table, the kernel on hand-checked values for every dtype (NaN, empty groups,
// negative and int64 axes), and the gradient against central differences (ties split, unknown
// batch dim). This file holds Min's own expected values.
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "ops/reduce/testing/min_max_test_suite.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

MinMaxOpParam MinParam() {
  const float inf = std::numeric_limits<float>::infinity();
  MinMaxOpParam p;
  p.op = "Min";
  p.builder = ops::Min;
  // In the order of MinMaxKernelInputs().
  p.kernel_expected = {
      MakeTensor<float>({2}, {1, -2}),
      MakeTensor<float>({3}, {1, -2, 3}),
      MakeTensor<float>({3}, {1, -2, 3}),
      MakeTensor<float>({1, 1}, {-2}),
      MakeTensor<double>({2}, {-7, -3}),
      MakeTensor<int32_t>({}, {-4}),
      MakeTensor<int64_t>({}, {-(int64_t{1} << 40)}),
      MakeTensor<uint8_t>({2, 1}, {3, 7}),
  };
  // Empty groups give +inf (floats) or the largest value (integers).
  p.empty_group_expected = {
      MakeTensor<float>({2}, {inf, inf}),
      MakeTensor<int32_t>({}, {std::numeric_limits<int32_t>::max()}),
      MakeTensor<uint8_t>({}, {255}),
  };
  p.last_axis_of_2x3 = MakeTensor<float>({2}, {1, -2});
  p.tie_offset = 5;  // min(a, a, b) with a < b
  return p;
}

INSTANTIATE_TEST_SUITE_P(Min, MinMaxOpTest, ::testing::Values(MinParam()));

}  // namespace
}  // namespace rill::testing
