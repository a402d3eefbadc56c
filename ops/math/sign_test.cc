// Tests Sign: signature, shape table, kernel values for every dtype (0, NaN, infinities), and
// its zero gradient.
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
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SignOpTest, Signature) {
  const OpRegistration* op = Op("Sign");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Sign(x: T) -> (y: T); attrs: T: {float, double, int32, int64}; flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(SignOpTest, Shapes) {
  ExpectUnaryShapes("Sign", DT_FLOAT);
  ExpectUnaryShapes("Sign", DT_INT32);
  ExpectRejectsDtype("Sign", 1, DT_UINT8);
}

TEST(SignOpTest, Kernel) {
  ExpectOpOutput("Sign", {MakeTensor<float>({6}, {-2, 0, 3, kNaN, -kInf, 1e-30f})}, {},
                 {MakeTensor<float>({6}, {-1, 0, 1, kNaN, -1, 1})});
  ExpectOpOutput("Sign", {MakeTensor<double>({2}, {-0.0, -1e-300})}, {},
                 {MakeTensor<double>({2}, {0, -1})});
  ExpectOpOutput("Sign", {MakeTensor<int32_t>({3}, {kMin32, 0, 5})}, {},
                 {MakeTensor<int32_t>({3}, {-1, 0, 1})});
  ExpectOpOutput("Sign", {MakeTensor<int64_t>({2}, {-7, kMax64})}, {},
                 {MakeTensor<int64_t>({2}, {-1, 1})});
}

TEST(SignOpTest, Gradient) { ExpectUnaryGradients("Sign", {.lo = -2, .hi = 2, .min_abs = 0.1}); }

}  // namespace
}  // namespace rill
