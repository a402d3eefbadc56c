// Tests Abs: signature, shape table, kernel values for every dtype (-0, infinities, INT_MIN),
// gradient away from the kink at 0.
#include <cstdint>
#include <limits>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::ExpectUnaryGradients;
using ::rill::testing::ExpectUnaryShapes;
using ::rill::testing::MakeTensor;
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(AbsOpTest, Signature) {
  const OpRegistration* op = Op("Abs");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Abs(x: T) -> (y: T); attrs: T: {float, double, int32, int64}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(AbsOpTest, Shapes) {
  ExpectUnaryShapes("Abs", DT_INT32);
  ExpectUnaryShapes("Abs", DT_DOUBLE);
  ExpectRejectsDtype("Abs", 1, DT_UINT8);
  ExpectRejectsDtype("Abs", 1, DT_BOOL);
}

TEST(AbsOpTest, Kernel) {
  ExpectOpOutput("Abs", {MakeTensor<float>({5}, {-1.5f, 2, -0.0f, -kInf, kNaN})}, {},
                 {MakeTensor<float>({5}, {1.5f, 2, 0, kInf, kNaN})});
  ExpectOpOutput("Abs", {MakeTensor<double>({2}, {-1e-300, 3})}, {},
                 {MakeTensor<double>({2}, {1e-300, 3})});
  // |INT_MIN| does not fit: it wraps to INT_MIN as in TensorFlow (no undefined behaviour).
  ExpectOpOutput("Abs", {MakeTensor<int32_t>({3}, {-3, 0, kMin32})}, {},
                 {MakeTensor<int32_t>({3}, {3, 0, kMin32})});
  ExpectOpOutput("Abs", {MakeTensor<int64_t>({2}, {kMin64 + 1, 5})}, {},
                 {MakeTensor<int64_t>({2}, {kMax64, 5})});
}

TEST(AbsOpTest, Gradient) { ExpectUnaryGradients("Abs", {.lo = -2, .hi = 2, .min_abs = 0.1}); }

}  // namespace
}  // namespace rill
