// Tests Minimum through the suite it shares with Maximum (testing/extremum_test_suite.h): signature,
// shape table, kernel values for every dtype (NaN propagation, broadcasting), and the gradient
// against central differences. This file holds Minimum's expected values.
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "ops/math/testing/extremum_test_suite.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

ExtremumOpParam MinimumParam() {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  return ExtremumOpParam{
      .op = "Minimum",
      .nan_expected = MakeTensor<float>({5}, {1, kNaN, kNaN, kNaN, -kInf}),
      // In the order of ExtremumKernelInputs().
      .kernel_expected = {
          MakeTensor<int32_t>({2, 2}, {1, 1, 2, 4}),
          MakeTensor<int64_t>({2}, {std::numeric_limits<int64_t>::min(), 0}),
          MakeTensor<uint8_t>({2}, {0, 254}),
          MakeTensor<double>({3}, {0, -2, 0}),
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Minimum, ExtremumOpTest, ::testing::Values(MinimumParam()));

}  // namespace
}  // namespace rill::testing
