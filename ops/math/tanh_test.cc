// Tests Tanh: signature, shape table, kernel values (saturation), and the gradient (through
// the TanhGrad composite) against central differences.
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

TEST(TanhOpTest, Signature) {
  const OpRegistration* op = Op("Tanh");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Tanh(x: T) -> (y: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(TanhOpTest, Shapes) {
  ExpectUnaryShapes("Tanh", DT_DOUBLE);
  ExpectRejectsDtype("Tanh", 1, DT_INT64);
}

TEST(TanhOpTest, Kernel) {
  ExpectOpOutput("Tanh", {MakeTensor<float>({5}, {0, 1, -20, kInf, kNaN})}, {},
                 {MakeTensor<float>({5}, {0, 0.76159416f, -1, 1, kNaN})}, 1e-6);
  ExpectOpOutput("Tanh", {MakeTensor<double>({2}, {-0.5, 1e-10})}, {},
                 {MakeTensor<double>({2}, {-0.46211715726000974, 1e-10})}, 1e-15);
}

TEST(TanhOpTest, Gradient) { ExpectUnaryGradients("Tanh", {.lo = -2, .hi = 2}); }

}  // namespace
}  // namespace rill
