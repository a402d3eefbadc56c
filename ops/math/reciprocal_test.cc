// Tests Reciprocal: signature, shape table, kernel values for every dtype (1 / 0, integer
// truncation and the integer division error), and the gradient against central differences.
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
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(ReciprocalOpTest, Signature) {
  const OpRegistration* op = Op("Reciprocal");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "Reciprocal(x: T) -> (y: T); attrs: T: {float, double, int32, int64}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(ReciprocalOpTest, Shapes) {
  ExpectUnaryShapes("Reciprocal", DT_FLOAT);
  ExpectUnaryShapes("Reciprocal", DT_INT32);
  ExpectRejectsDtype("Reciprocal", 1, DT_UINT8);
  ExpectRejectsDtype("Reciprocal", 1, DT_BOOL);
}

TEST(ReciprocalOpTest, Kernel) {
  ExpectOpOutput("Reciprocal", {MakeTensor<float>({4}, {2, -0.5f, 0, kInf})}, {},
                 {MakeTensor<float>({4}, {0.5f, -2, kInf, 0})});
  ExpectOpOutput("Reciprocal", {MakeTensor<double>({2}, {4, -0.125})}, {},
                 {MakeTensor<double>({2}, {0.25, -8})});
  ExpectOpOutput("Reciprocal", {MakeTensor<int32_t>({5}, {1, -1, 2, -3, kMin32})}, {},
                 {MakeTensor<int32_t>({5}, {1, -1, 0, 0, 0})});
  ExpectOpOutput("Reciprocal", {MakeTensor<int64_t>({2}, {-1, 7})}, {},
                 {MakeTensor<int64_t>({2}, {-1, 0})});
}

TEST(ReciprocalOpTest, IntegerZeroNamesTheNode) {
  EXPECT_THAT(RunOp("Reciprocal", {MakeTensor<int32_t>({2}, {3, 0})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Reciprocal): integer division by zero")));
  EXPECT_THAT(RunOp("Reciprocal", {MakeTensor<int64_t>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
}

TEST(ReciprocalOpTest, Gradient) {
  ExpectUnaryGradients("Reciprocal", {.lo = -2, .hi = 2, .min_abs = 0.5});
}

}  // namespace
}  // namespace rill
