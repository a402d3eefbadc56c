// Tests Square: signature, shape table, kernel values for every dtype (overflow), gradient.
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
constexpr double kInfD = std::numeric_limits<double>::infinity();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SquareOpTest, Signature) {
  const OpRegistration* op = Op("Square");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Square(x: T) -> (y: T); attrs: T: {float, double, int32, int64}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(SquareOpTest, Shapes) {
  ExpectUnaryShapes("Square", DT_FLOAT);
  ExpectUnaryShapes("Square", DT_INT64);
  ExpectRejectsDtype("Square", 1, DT_UINT8);
  ExpectRejectsDtype("Square", 1, DT_BOOL);
}

TEST(SquareOpTest, Kernel) {
  ExpectOpOutput("Square", {MakeTensor<float>({4}, {3, -1.5f, kInf, kNaN})}, {},
                 {MakeTensor<float>({4}, {9, 2.25f, kInf, kNaN})});
  ExpectOpOutput("Square", {MakeTensor<double>({2}, {1e200, -0.5})}, {},
                 {MakeTensor<double>({2}, {kInfD, 0.25})});
  // 46341^2 = 2147488281 wraps around to 2147488281 - 2^32 (no undefined behaviour).
  ExpectOpOutput("Square", {MakeTensor<int32_t>({2}, {-3, 46341})}, {},
                 {MakeTensor<int32_t>({2}, {9, -2147479015})});
  ExpectOpOutput("Square", {MakeTensor<int64_t>({2}, {3000000000, -1})}, {},
                 {MakeTensor<int64_t>({2}, {9000000000000000000, 1})});
}

TEST(SquareOpTest, Gradient) { ExpectUnaryGradients("Square", {.lo = -2, .hi = 2}); }

}  // namespace
}  // namespace rill
