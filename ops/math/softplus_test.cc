// Tests Softplus: signature, shape table, kernel values (no overflow for large inputs),
// gradient.
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
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SoftplusOpTest, Signature) {
  const OpRegistration* op = Op("Softplus");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "Softplus(features: T) -> (activations: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(SoftplusOpTest, Shapes) {
  ExpectUnaryShapes("Softplus", DT_FLOAT);
  ExpectRejectsDtype("Softplus", 1, DT_INT32);
}

TEST(SoftplusOpTest, Kernel) {
  ExpectOpOutput("Softplus", {MakeTensor<float>({5}, {0, 1, 100, -100, kNaN})}, {},
                 {MakeTensor<float>({5}, {0.69314718f, 1.31326169f, 100, 3.7200760e-44f, kNaN})},
                 1e-6);
  // log(1 + e^1000) would overflow; the result is 1000 (and e^-1000 underflows to 0).
  ExpectOpOutput("Softplus", {MakeTensor<double>({3}, {1000, -1000, -1})}, {},
                 {MakeTensor<double>({3}, {1000, 0, 0.31326168751822286})}, 1e-15);
}

TEST(SoftplusOpTest, Gradient) { ExpectUnaryGradients("Softplus", {.lo = -3, .hi = 3}); }

}  // namespace
}  // namespace rill
