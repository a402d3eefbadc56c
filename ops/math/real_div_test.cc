// Tests RealDiv: signature, shape table, float-only dtypes, kernel values (IEEE specials),
// and the gradient against central differences.
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

using ::rill::testing::ExpectBinaryBroadcastShapes;
using ::rill::testing::ExpectBinaryGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::MakeTensor;
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(RealDivOpTest, Signature) {
  const OpRegistration* op = Op("RealDiv");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "RealDiv(x: T, y: T) -> (z: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(RealDivOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("RealDiv", DT_DOUBLE);
  ExpectRejectsDtype("RealDiv", 2, DT_INT32);
  ExpectRejectsDtype("RealDiv", 2, DT_UINT8);
}

TEST(RealDivOpTest, Kernel) {
  ExpectOpOutput("RealDiv",
                 {MakeTensor<float>({4}, {7, -1, 0, 3}), MakeTensor<float>({4}, {2, 0, 0, kInf})},
                 {}, {MakeTensor<float>({4}, {3.5f, -kInf, kNaN, 0})});
  ExpectOpOutput("RealDiv", {MakeTensor<double>({}, {1}), MakeTensor<double>({3}, {3, -4, 0.5})},
                 {}, {MakeTensor<double>({3}, {1.0 / 3, -0.25, 2})});
}

TEST(RealDivOpTest, Gradient) {
  ExpectBinaryGradients("RealDiv", {.lo = -2, .hi = 2}, {.lo = -2, .hi = 2, .min_abs = 0.5});
}

}  // namespace
}  // namespace rill
