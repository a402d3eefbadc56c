// Tests Neg: signature, shape table, kernel values for every dtype (-0.0, INT_MIN), gradient.
#include <cmath>
#include <limits>

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
using ::rill::testing::RunOp;

TEST(NegOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Neg");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Neg(x: T) -> (y: T); attrs: T: {float, double, int32, int64}; flags: elementwise");
}

TEST(NegOpTest, Shapes) {
  ExpectUnaryShapes("Neg", DT_DOUBLE);
  ExpectRejectsDtype("Neg", 1, DT_UINT8);
  ExpectRejectsDtype("Neg", 1, DT_BOOL);
}

TEST(NegOpTest, Kernel) {
  const float inf = std::numeric_limits<float>::infinity();
  ExpectOpOutput("Neg", {MakeTensor<float>({4}, {1.5f, -2, inf, 0})}, {},
                 {MakeTensor<float>({4}, {-1.5f, 2, -inf, 0})});
  ExpectOpOutput("Neg", {MakeTensor<double>({2, 1}, {3, -0.25})}, {},
                 {MakeTensor<double>({2, 1}, {-3, 0.25})});
  ExpectOpOutput("Neg", {MakeTensor<int32_t>({3}, {7, -7, -2147483647 - 1})}, {},
                 {MakeTensor<int32_t>({3}, {-7, 7, -2147483647 - 1})});  // -INT_MIN wraps
  ExpectOpOutput("Neg", {MakeTensor<int64_t>({}, {int64_t{1} << 40})}, {},
                 {MakeTensor<int64_t>({}, {-(int64_t{1} << 40)})});
  // -0.0 keeps its sign bit.
  absl::StatusOr<std::vector<Tensor>> zero = RunOp("Neg", {MakeTensor<double>({}, {0.0})});
  ASSERT_TRUE(zero.ok()) << zero.status();
  EXPECT_TRUE(std::signbit((*zero)[0].data<double>()[0]));
}

TEST(NegOpTest, Gradient) { ExpectUnaryGradients("Neg", {}); }

}  // namespace
}  // namespace rill
