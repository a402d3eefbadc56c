// Tests Minimum: signature, shape table, kernel values for every dtype (NaN propagation,
// broadcasting), and the gradient against central differences.
#include <cstdint>
#include <limits>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectBinaryBroadcastShapes;
using ::rill::testing::ExpectBinaryGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::MakeTensor;
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kNaND = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(MinimumOpTest, Signature) {
  const OpRegistration* op = Op("Minimum");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Minimum(x: T, y: T) -> (z: T); attrs: T: {float, double, int32, int64, uint8}; "
            "flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(MinimumOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("Minimum", DT_FLOAT);
  ExpectBinaryBroadcastShapes("Minimum", DT_UINT8);
  ExpectRejectsDtype("Minimum", 2, DT_BOOL);
  ExpectRejectsDtype("Minimum", 2, DT_STRING);
}

TEST(MinimumOpTest, KernelPropagatesNaN) {
  ExpectOpOutput("Minimum",
                 {MakeTensor<float>({5}, {1, kNaN, 3, kNaN, -kInf}),
                  MakeTensor<float>({5}, {2, 1, kNaN, kNaN, 0})},
                 {}, {MakeTensor<float>({5}, {1, kNaN, kNaN, kNaN, -kInf})});
  ExpectOpOutput("Minimum",
                 {MakeTensor<double>({2}, {-0.5, 0.25}), MakeTensor<double>({}, {kNaND})}, {},
                 {MakeTensor<double>({2}, {kNaND, kNaND})});
}

TEST(MinimumOpTest, KernelEveryDtype) {
  ExpectOpOutput("Minimum", {MakeTensor<int32_t>({2, 1}, {1, 5}), MakeTensor<int32_t>({2}, {2, 4})},
                 {}, {MakeTensor<int32_t>({2, 2}, {1, 1, 2, 4})});
  ExpectOpOutput("Minimum",
                 {MakeTensor<int64_t>({2}, {kMin64, kMax64}), MakeTensor<int64_t>({2}, {-1, 0})},
                 {}, {MakeTensor<int64_t>({2}, {kMin64, 0})});
  ExpectOpOutput("Minimum",
                 {MakeTensor<uint8_t>({2}, {0, 255}), MakeTensor<uint8_t>({2}, {1, 254})}, {},
                 {MakeTensor<uint8_t>({2}, {0, 254})});
  ExpectOpOutput("Minimum", {MakeTensor<double>({3}, {1.5, -2, 3}), MakeTensor<double>({}, {0})},
                 {}, {MakeTensor<double>({3}, {0, -2, 0})});
}

TEST(MinimumOpTest, Gradient) {
  // Random values tie with probability 0, so every point is away from the kink x = y.
  ExpectBinaryGradients("Minimum", {.lo = -1, .hi = 1}, {.lo = -1, .hi = 1});
}

TEST(MinimumOpTest, GradientGoesToTheWinner) {
  // d/dx and d/dy of sum(min(x, y)) with x = [1, 5], y = 3: x wins element 1 only for
  // Maximum, element 0 only for Minimum; y collects the rest.
  EXPECT_OK(
      CheckOpGradients("Minimum", {MakeTensor<double>({2}, {1, 5}), MakeTensor<double>({}, {3})}));
}

}  // namespace
}  // namespace rill
