// Tests Pow: signature, shape table, kernel values for every dtype (x^0, integer wrap-around,
// negative integer exponents), and the gradient against central differences.
#include <cstdint>
#include <limits>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectBinaryBroadcastShapes;
using ::rill::testing::ExpectBinaryGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::MakeTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kNaND = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(PowOpTest, Signature) {
  const OpRegistration* op = Op("Pow");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Pow(x: T, y: T) -> (z: T); attrs: T: {float, double, int32, int64}; "
            "flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(PowOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("Pow", DT_DOUBLE);
  ExpectBinaryBroadcastShapes("Pow", DT_INT32);
  ExpectRejectsDtype("Pow", 2, DT_UINT8);
}

TEST(PowOpTest, KernelFloats) {
  ExpectOpOutput("Pow",
                 {MakeTensor<float>({6}, {2, 4, 0, 9, -2, 0}),
                  MakeTensor<float>({6}, {3, 0.5f, 0, -0.5f, 2, -1})},
                 {}, {MakeTensor<float>({6}, {8, 2, 1, 1.0f / 3, 4, kInf})}, 1e-6);
  ExpectOpOutput("Pow", {MakeTensor<double>({2}, {-8, 2}), MakeTensor<double>({2}, {1.0 / 3, 0.5})},
                 {}, {MakeTensor<double>({2}, {kNaND, 1.4142135623730951})}, 1e-12);
}

TEST(PowOpTest, KernelIntegers) {
  ExpectOpOutput("Pow",
                 {MakeTensor<int32_t>({6}, {2, 3, -2, 0, 5, 2}),
                  MakeTensor<int32_t>({6}, {10, 0, 3, 0, 1, 31})},
                 {}, {MakeTensor<int32_t>({6}, {1024, 1, -8, 1, 5, kMin32})});  // 2^31 wraps
  ExpectOpOutput("Pow", {MakeTensor<int64_t>({2}, {2, -3}), MakeTensor<int64_t>({2}, {62, 39})}, {},
                 {MakeTensor<int64_t>({2}, {int64_t{1} << 62, -4052555153018976267})});
  ExpectOpOutput("Pow", {MakeTensor<int64_t>({}, {3}), MakeTensor<int64_t>({}, {41})}, {},
                 {MakeTensor<int64_t>({}, {-420491770248316829})});  // 3^41 mod 2^64, wrapped
}

TEST(PowOpTest, NegativeIntegerExponentIsAnError) {
  EXPECT_THAT(RunOp("Pow", {MakeTensor<int32_t>({2}, {2, 2}), MakeTensor<int32_t>({2}, {1, -1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Pow): integers to negative integer powers")));
}

TEST(PowOpTest, Gradient) {
  // x > 0 (log x in dz/dy); any real exponent.
  ExpectBinaryGradients("Pow", {.lo = 0.5, .hi = 2}, {.lo = -2, .hi = 2});
}

TEST(PowOpTest, GradientAtNonPositiveBase) {
  // x < 0 with a constant integer exponent: dz/dx = y x^(y-1) = 2x.
  GradientCheckOptions options;
  options.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(
      "Pow", {MakeTensor<double>({2}, {-1.5, -0.5}), MakeTensor<double>({}, {2})}, {}, options));
}

TEST(PowOpTest, GradientAtZeroBaseHasNoNaN) {
  // At x = 0 the y-gradient z * log(x) is masked to 0 (the numeric one is 0 too), and
  // dz/dx = 2 * 0 = 0.
  EXPECT_OK(CheckOpGradients("Pow", {MakeTensor<double>({}, {0}), MakeTensor<double>({}, {2})}));
}

}  // namespace
}  // namespace rill
