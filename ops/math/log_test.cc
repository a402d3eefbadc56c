// Tests Log: signature, shape table, kernel values (log 0, negative input), gradient.
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

TEST(LogOpTest, Signature) {
  const OpRegistration* op = Op("Log");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Log(x: T) -> (y: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(LogOpTest, Shapes) {
  ExpectUnaryShapes("Log", DT_FLOAT);
  ExpectRejectsDtype("Log", 1, DT_INT64);
}

TEST(LogOpTest, Kernel) {
  ExpectOpOutput("Log", {MakeTensor<float>({5}, {1, 2.71828183f, 0, -1, kInf})}, {},
                 {MakeTensor<float>({5}, {0, 1, -kInf, kNaN, kInf})}, 1e-6);
  ExpectOpOutput("Log", {MakeTensor<double>({2}, {0.5, 1e-300})}, {},
                 {MakeTensor<double>({2}, {-0.6931471805599453, -690.7755278982137})}, 1e-12);
}

TEST(LogOpTest, Gradient) { ExpectUnaryGradients("Log", {.lo = 0.5, .hi = 3}); }

}  // namespace
}  // namespace rill
