// Tests Rsqrt: signature, shape table, kernel values (0, negative input), gradient.
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

TEST(RsqrtOpTest, Signature) {
  const OpRegistration* op = Op("Rsqrt");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Rsqrt(x: T) -> (y: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(RsqrtOpTest, Shapes) {
  ExpectUnaryShapes("Rsqrt", DT_DOUBLE);
  ExpectRejectsDtype("Rsqrt", 1, DT_INT64);
}

TEST(RsqrtOpTest, Kernel) {
  ExpectOpOutput("Rsqrt", {MakeTensor<float>({5}, {4, 0, 0.25f, -1, kInf})}, {},
                 {MakeTensor<float>({5}, {0.5f, kInf, 2, kNaN, 0})});
  ExpectOpOutput("Rsqrt", {MakeTensor<double>({2}, {16, 2})}, {},
                 {MakeTensor<double>({2}, {0.25, 0.7071067811865475})}, 1e-15);
}

TEST(RsqrtOpTest, Gradient) { ExpectUnaryGradients("Rsqrt", {.lo = 0.5, .hi = 3}); }

}  // namespace
}  // namespace rill
