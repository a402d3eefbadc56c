// Tests Maximum through the suite it shares with Minimum (testing/extremum_test_suite.h): signature,
// shape table, kernel values for every dtype (NaN propagation, broadcasting), and the gradient
// against central differences. This file holds Maximum's expected values.
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "ops/math/testing/extremum_test_suite.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

ExtremumOpParam MaximumParam() {
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  return ExtremumOpParam{
      .op = "Maximum",
      .nan_expected = MakeTensor<float>({5}, {2, kNaN, kNaN, kNaN, 0}),
      // In the order of ExtremumKernelInputs().
      .kernel_expected = {
          MakeTensor<int32_t>({2, 2}, {2, 4, 5, 5}),
          MakeTensor<int64_t>({2}, {-1, std::numeric_limits<int64_t>::max()}),
          MakeTensor<uint8_t>({2}, {1, 255}),
          MakeTensor<double>({3}, {1.5, 0, 3}),
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Maximum, ExtremumOpTest, ::testing::Values(MaximumParam()));

}  // namespace
}  // namespace rill::testing
