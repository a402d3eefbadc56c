// Tests Sqrt: signature, shape table, kernel values (0, negative input, infinity), gradient.
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

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SqrtOpTest, Signature) {
  const OpRegistration* op = Op("Sqrt");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Sqrt(x: T) -> (y: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(SqrtOpTest, Shapes) {
  ExpectUnaryShapes("Sqrt", DT_FLOAT);
  ExpectRejectsDtype("Sqrt", 1, DT_INT32);
}

TEST(SqrtOpTest, Kernel) {
  ExpectOpOutput("Sqrt", {MakeTensor<float>({5}, {4, 0, 2, -1, kInf})}, {},
                 {MakeTensor<float>({5}, {2, 0, 1.41421356f, kNaN, kInf})}, 1e-6);
  ExpectOpOutput("Sqrt", {MakeTensor<double>({2, 1}, {0.25, 1e-300})}, {},
                 {MakeTensor<double>({2, 1}, {0.5, 1e-150})}, 1e-15);
}

TEST(SqrtOpTest, Gradient) { ExpectUnaryGradients("Sqrt", {.lo = 0.5, .hi = 3}); }

}  // namespace
}  // namespace rill
