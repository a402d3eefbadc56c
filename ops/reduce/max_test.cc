// Tests Max through the suite it shares with Min (testing/min_max_test_suite.h): signature, the
// reduction shape table, the kernel on hand-checked values for every dtype (NaN, empty groups,
// negative and int64 axes), and the gradient against central differences (ties split, unknown
// batch dim). This file holds Max's own expected values.
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "ops/reduce/testing/min_max_test_suite.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

MinMaxOpParam MaxParam() {
  const float inf = std::numeric_limits<float>::infinity();
  MinMaxOpParam p;
  p.op = "Max";
  p.builder = ops::Max;
  // In the order of MinMaxKernelInputs().
  p.kernel_expected = {
      MakeTensor<float>({2}, {5, 6}),
      MakeTensor<float>({3}, {4, 5, 6}),
      MakeTensor<float>({3}, {4, 5, 6}),
      MakeTensor<float>({1, 1}, {6}),
      MakeTensor<double>({2}, {-1, 0.5}),
      MakeTensor<int32_t>({}, {9}),
      MakeTensor<int64_t>({}, {int64_t{1} << 40}),
      MakeTensor<uint8_t>({2, 1}, {200, 255}),
  };
  // Empty groups give -inf (floats) or the lowest value (integers).
  p.empty_group_expected = {
      MakeTensor<float>({2}, {-inf, -inf}),
      MakeTensor<int32_t>({}, {std::numeric_limits<int32_t>::lowest()}),
      MakeTensor<uint8_t>({}, {0}),
  };
  p.last_axis_of_2x3 = MakeTensor<float>({2}, {5, 6});
  p.tie_offset = -5;  // max(a, a, b) with a > b
  return p;
}

INSTANTIATE_TEST_SUITE_P(Max, MinMaxOpTest, ::testing::Values(MaxParam()));

}  // namespace
}  // namespace rill::testing
