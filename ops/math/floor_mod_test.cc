// Tests FloorMod: signature, shape table, kernel values for every dtype (sign of the divisor,
// INT_MIN, y = 0), and the gradient against central differences.
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
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(FloorModOpTest, Signature) {
  const OpRegistration* op = Op("FloorMod");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "FloorMod(x: T, y: T) -> (z: T); attrs: T: {float, double, uint8, int32, int64}; "
            "flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(FloorModOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("FloorMod", DT_INT32);
  ExpectBinaryBroadcastShapes("FloorMod", DT_DOUBLE);
  ExpectRejectsDtype("FloorMod", 2, DT_BOOL);
}

TEST(FloorModOpTest, KernelFloatsTakeTheSignOfTheDivisor) {
  ExpectOpOutput("FloorMod",
                 {MakeTensor<float>({6}, {7, -7, 7, -7, 6.5f, 1}),
                  MakeTensor<float>({6}, {3, 3, -3, -3, 2, 0})},
                 {}, {MakeTensor<float>({6}, {1, 2, -2, -1, 0.5f, kNaN})});
  ExpectOpOutput("FloorMod", {MakeTensor<double>({2}, {-0.5, 5.25}), MakeTensor<double>({}, {2})},
                 {}, {MakeTensor<double>({2}, {1.5, 1.25})});
}

TEST(FloorModOpTest, KernelIntegers) {
  ExpectOpOutput("FloorMod",
                 {MakeTensor<int32_t>({6}, {7, -7, 7, -7, kMin32, kMin32}),
                  MakeTensor<int32_t>({6}, {3, 3, -3, -3, -1, 3})},
                 {}, {MakeTensor<int32_t>({6}, {1, 2, -2, -1, 0, 1})});
  ExpectOpOutput("FloorMod",
                 {MakeTensor<int64_t>({2}, {kMin64, -1}), MakeTensor<int64_t>({}, {-1})}, {},
                 {MakeTensor<int64_t>({2}, {0, 0})});
  ExpectOpOutput("FloorMod",
                 {MakeTensor<uint8_t>({2}, {200, 7}), MakeTensor<uint8_t>({2}, {7, 200})}, {},
                 {MakeTensor<uint8_t>({2}, {4, 7})});
}

TEST(FloorModOpTest, IntegerModuloByZeroNamesTheNode) {
  EXPECT_THAT(
      RunOp("FloorMod", {MakeTensor<int32_t>({2}, {1, 2}), MakeTensor<int32_t>({2}, {3, 0})}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (FloorMod): integer division by zero")));
  EXPECT_THAT(RunOp("FloorMod", {MakeTensor<uint8_t>({}, {1}), MakeTensor<uint8_t>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
}

TEST(FloorModOpTest, Gradient) {
  ExpectBinaryGradients("FloorMod", {.lo = -3, .hi = 3}, {.lo = -2, .hi = 2, .min_abs = 0.5});
}

}  // namespace
}  // namespace rill
