// Tests Exp: signature, shape table, kernel values (infinities, overflow), gradient.
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
constexpr double kNaND = std::numeric_limits<double>::quiet_NaN();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(ExpOpTest, Signature) {
  const OpRegistration* op = Op("Exp");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Exp(x: T) -> (y: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(ExpOpTest, Shapes) {
  ExpectUnaryShapes("Exp", DT_DOUBLE);
  ExpectRejectsDtype("Exp", 1, DT_INT32);
  ExpectRejectsDtype("Exp", 1, DT_BOOL);
}

TEST(ExpOpTest, Kernel) {
  ExpectOpOutput("Exp", {MakeTensor<float>({5}, {0, 1, -kInf, kInf, 89})}, {},
                 {MakeTensor<float>({5}, {1, 2.71828183f, 0, kInf, kInf})}, 1e-6);
  ExpectOpOutput("Exp", {MakeTensor<double>({3}, {-1, 700, kNaND})}, {},
                 {MakeTensor<double>({3}, {0.36787944117144233, 1.0142320547350045e304, kNaND})},
                 1e-12);
}

TEST(ExpOpTest, Gradient) { ExpectUnaryGradients("Exp", {.lo = -2, .hi = 2}); }

}  // namespace
}  // namespace rill
