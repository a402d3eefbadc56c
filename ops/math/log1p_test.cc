// Tests Log1p: signature, shape table, kernel values (accuracy near 0, -1, below -1), gradient.
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
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(Log1pOpTest, Signature) {
  const OpRegistration* op = Op("Log1p");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Log1p(x: T) -> (y: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(Log1pOpTest, Shapes) {
  ExpectUnaryShapes("Log1p", DT_DOUBLE);
  ExpectRejectsDtype("Log1p", 1, DT_INT32);
}

TEST(Log1pOpTest, Kernel) {
  ExpectOpOutput("Log1p", {MakeTensor<float>({4}, {0, -1, 1.71828183f, -2})}, {},
                 {MakeTensor<float>({4}, {0, -kInf, 1, kNaN})}, 1e-6);
  // Accurate where log(1 + x) would round 1 + x to 1.
  absl::StatusOr<std::vector<Tensor>> tiny = RunOp("Log1p", {MakeTensor<double>({}, {1e-20})});
  ASSERT_OK(tiny.status());
  EXPECT_DOUBLE_EQ((*tiny)[0].data<double>()[0], 1e-20);
}

TEST(Log1pOpTest, Gradient) { ExpectUnaryGradients("Log1p", {.lo = -0.5, .hi = 2}); }

}  // namespace
}  // namespace rill
