// Tests Relu6: signature, shape table, kernel values for every dtype (clipping at 0 and 6,
// NaN), gradient away from the kinks at 0 and 6.
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
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::ExpectUnaryGradients;
using ::rill::testing::ExpectUnaryShapes;
using ::rill::testing::MakeTensor;
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kInfD = std::numeric_limits<double>::infinity();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(Relu6OpTest, Signature) {
  const OpRegistration* op = Op("Relu6");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Relu6(features: T) -> (activations: T); attrs: T: {float, double, int32, int64, "
            "uint8}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(Relu6OpTest, Shapes) {
  ExpectUnaryShapes("Relu6", DT_FLOAT);
  ExpectUnaryShapes("Relu6", DT_UINT8);
  ExpectRejectsDtype("Relu6", 1, DT_BOOL);
  ExpectRejectsDtype("Relu6", 1, DT_STRING);
}

TEST(Relu6OpTest, Kernel) {
  ExpectOpOutput("Relu6", {MakeTensor<float>({7}, {-1, 0, 3, 6, 7, kNaN, kInf})}, {},
                 {MakeTensor<float>({7}, {0, 0, 3, 6, 6, kNaN, 6})});
  ExpectOpOutput("Relu6", {MakeTensor<double>({2}, {5.5, -kInfD})}, {},
                 {MakeTensor<double>({2}, {5.5, 0})});
  ExpectOpOutput("Relu6", {MakeTensor<int32_t>({3}, {-5, 5, 10})}, {},
                 {MakeTensor<int32_t>({3}, {0, 5, 6})});
  ExpectOpOutput("Relu6", {MakeTensor<int64_t>({2}, {kMin64, kMax64})}, {},
                 {MakeTensor<int64_t>({2}, {0, 6})});
  ExpectOpOutput("Relu6", {MakeTensor<uint8_t>({3}, {0, 200, 6})}, {},
                 {MakeTensor<uint8_t>({3}, {0, 6, 6})});
}

TEST(Relu6OpTest, Gradient) { ExpectUnaryGradients("Relu6", {.lo = -3, .hi = 9, .min_abs = 0.1}); }

TEST(Relu6OpTest, GradientIsZeroOutsideTheLinearPart) {
  // Below 0 and above 6 the output is constant: both derivatives are 0.
  EXPECT_OK(CheckOpGradients("Relu6", {MakeTensor<double>({4}, {-2, -0.5, 6.5, 9})}));
}

}  // namespace
}  // namespace rill
