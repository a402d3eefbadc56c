// Tests Elu: signature, shape table, kernel values (negative side, -inf), gradient.
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

TEST(EluOpTest, Signature) {
  const OpRegistration* op = Op("Elu");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Elu(features: T) -> (activations: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(EluOpTest, Shapes) {
  ExpectUnaryShapes("Elu", DT_DOUBLE);
  ExpectRejectsDtype("Elu", 1, DT_INT32);
}

TEST(EluOpTest, Kernel) {
  ExpectOpOutput("Elu", {MakeTensor<float>({5}, {-1, 0, 2, -kInf, kNaN})}, {},
                 {MakeTensor<float>({5}, {-0.63212056f, 0, 2, -1, kNaN})}, 1e-6);
  // expm1 keeps tiny negative inputs accurate.
  ExpectOpOutput("Elu", {MakeTensor<double>({2}, {-1e-10, 1e10})}, {},
                 {MakeTensor<double>({2}, {-9.9999999995e-11, 1e10})}, 1e-15);
}

TEST(EluOpTest, Gradient) { ExpectUnaryGradients("Elu", {.lo = -3, .hi = 3, .min_abs = 0.1}); }

}  // namespace
}  // namespace rill
