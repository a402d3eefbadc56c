// Tests Div: signature, shape table, kernel values for every dtype (truncation, IEEE
// specials, integer division errors), and the gradient against central differences.
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

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(DivOpTest, Signature) {
  const OpRegistration* op = Op("Div");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Div(x: T, y: T) -> (z: T); attrs: T: {float, double, uint8, int32, int64}; "
            "flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(DivOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("Div", DT_FLOAT);
  ExpectBinaryBroadcastShapes("Div", DT_INT32);
  ExpectRejectsDtype("Div", 2, DT_BOOL);
}

TEST(DivOpTest, KernelFloats) {
  ExpectOpOutput(
      "Div", {MakeTensor<float>({5}, {7, -7, 1, -1, 0}), MakeTensor<float>({5}, {2, 2, 0, 0, 0})},
      {}, {MakeTensor<float>({5}, {3.5f, -3.5f, kInf, -kInf, kNaN})});
  ExpectOpOutput("Div", {MakeTensor<double>({2, 1}, {1, 2}), MakeTensor<double>({2}, {4, 8})}, {},
                 {MakeTensor<double>({2, 2}, {0.25, 0.125, 0.5, 0.25})});
}

TEST(DivOpTest, KernelIntegersTruncateTowardZero) {
  ExpectOpOutput(
      "Div", {MakeTensor<int32_t>({4}, {7, -7, 7, -7}), MakeTensor<int32_t>({4}, {2, 2, -2, -2})},
      {}, {MakeTensor<int32_t>({4}, {3, -3, -3, 3})});
  ExpectOpOutput("Div", {MakeTensor<int64_t>({2}, {kMin64, kMax64}), MakeTensor<int64_t>({}, {2})},
                 {}, {MakeTensor<int64_t>({2}, {kMin64 / 2, kMax64 / 2})});
  ExpectOpOutput("Div", {MakeTensor<uint8_t>({2}, {255, 7}), MakeTensor<uint8_t>({2}, {2, 7})}, {},
                 {MakeTensor<uint8_t>({2}, {127, 1})});
  ExpectOpOutput("Div", {MakeTensor<int32_t>({}, {kMin32}), MakeTensor<int32_t>({}, {1})}, {},
                 {MakeTensor<int32_t>({}, {kMin32})});
}

TEST(DivOpTest, IntegerDivisionErrorsNameTheNode) {
  EXPECT_THAT(RunOp("Div", {MakeTensor<int32_t>({2}, {1, 2}), MakeTensor<int32_t>({2}, {1, 0})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Div): integer division by zero")));
  EXPECT_THAT(RunOp("Div", {MakeTensor<uint8_t>({}, {1}), MakeTensor<uint8_t>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
  EXPECT_THAT(RunOp("Div", {MakeTensor<int32_t>({}, {kMin32}), MakeTensor<int32_t>({}, {-1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Div): integer division overflow: -2147483648 / -1")));
  EXPECT_THAT(RunOp("Div", {MakeTensor<int64_t>({2}, {0, kMin64}), MakeTensor<int64_t>({}, {-1})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("overflow")));
}

TEST(DivOpTest, Gradient) {
  ExpectBinaryGradients("Div", {.lo = -2, .hi = 2}, {.lo = -2, .hi = 2, .min_abs = 0.5});
}

}  // namespace
}  // namespace rill
