// Tests FloorDiv: signature (no gradient), shape table, kernel values for every dtype (rounding
// down, integer division errors), and that autodiff treats it as a constant.
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
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::MakeTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(FloorDivOpTest, Signature) {
  const OpRegistration* op = Op("FloorDiv");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "FloorDiv(x: T, y: T) -> (z: T); attrs: T: {float, double, uint8, int32, int64}; "
            "flags: elementwise");
  EXPECT_TRUE(op->no_gradient);
}

TEST(FloorDivOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("FloorDiv", DT_INT64);
  ExpectBinaryBroadcastShapes("FloorDiv", DT_FLOAT);
  ExpectRejectsDtype("FloorDiv", 2, DT_STRING);
}

TEST(FloorDivOpTest, KernelFloatsRoundDown) {
  ExpectOpOutput(
      "FloorDiv",
      {MakeTensor<float>({5}, {7, -7, 7.5f, -0.5f, 1}), MakeTensor<float>({5}, {2, 2, -2, 1, 0})},
      {}, {MakeTensor<float>({5}, {3, -4, -4, -1, kInf})});
  ExpectOpOutput("FloorDiv",
                 {MakeTensor<double>({2, 1}, {9, -9}), MakeTensor<double>({2}, {4, -4})}, {},
                 {MakeTensor<double>({2, 2}, {2, -3, -3, 2})});
}

TEST(FloorDivOpTest, KernelIntegersRoundDown) {
  ExpectOpOutput(
      "FloorDiv",
      {MakeTensor<int32_t>({5}, {7, -7, 7, -7, -6}), MakeTensor<int32_t>({5}, {2, 2, -2, -2, 2})},
      {}, {MakeTensor<int32_t>({5}, {3, -4, -4, 3, -3})});
  ExpectOpOutput("FloorDiv", {MakeTensor<int64_t>({2}, {kMin64, -1}), MakeTensor<int64_t>({}, {3})},
                 {}, {MakeTensor<int64_t>({2}, {-3074457345618258603, -1})});
  ExpectOpOutput("FloorDiv",
                 {MakeTensor<uint8_t>({2}, {7, 255}), MakeTensor<uint8_t>({2}, {2, 16})}, {},
                 {MakeTensor<uint8_t>({2}, {3, 15})});
}

TEST(FloorDivOpTest, IntegerDivisionErrorsNameTheNode) {
  EXPECT_THAT(RunOp("FloorDiv", {MakeTensor<int64_t>({2}, {5, 6}), MakeTensor<int64_t>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (FloorDiv): integer division by zero")));
  EXPECT_THAT(RunOp("FloorDiv", {MakeTensor<int32_t>({}, {kMin32}), MakeTensor<int32_t>({}, {-1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (FloorDiv): integer division overflow")));
  EXPECT_THAT(RunOp("FloorDiv", {MakeTensor<uint8_t>({}, {0}), MakeTensor<uint8_t>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
}

TEST(FloorDivOpTest, AutodiffTreatsItAsConstant) {
  // Piecewise constant: away from the jumps (x / y not near an integer) both derivatives are 0.
  EXPECT_OK(CheckOpGradients("FloorDiv", {MakeTensor<double>({3}, {0.5, -2.7, 7.3}),
                                          MakeTensor<double>({3}, {2, 2, -2})}));
}

}  // namespace
}  // namespace rill
