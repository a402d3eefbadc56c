// Tests Sigmoid: signature, shape table, kernel values (saturation without overflow), and the
// gradient (through the SigmoidGrad composite) against central differences.
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

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SigmoidOpTest, Signature) {
  const OpRegistration* op = Op("Sigmoid");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Sigmoid(x: T) -> (y: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(SigmoidOpTest, Shapes) {
  ExpectUnaryShapes("Sigmoid", DT_FLOAT);
  ExpectRejectsDtype("Sigmoid", 1, DT_INT32);
}

TEST(SigmoidOpTest, Kernel) {
  ExpectOpOutput("Sigmoid", {MakeTensor<float>({5}, {0, 1, 100, -100, -kInf})}, {},
                 {MakeTensor<float>({5}, {0.5f, 0.73105858f, 1, 3.7200760e-44f, 0})}, 1e-6);
  // No overflow for large |x| (e^800 would be inf).
  ExpectOpOutput("Sigmoid", {MakeTensor<double>({3}, {-800, 800, -2})}, {},
                 {MakeTensor<double>({3}, {0, 1, 0.11920292202211755})}, 1e-15);
}

TEST(SigmoidOpTest, Gradient) { ExpectUnaryGradients("Sigmoid", {.lo = -3, .hi = 3}); }

}  // namespace
}  // namespace rill
