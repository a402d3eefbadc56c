// The ExtremumOpTest cases (see extremum_test_suite.h): signature, shape table, kernel values for
// every dtype (NaN propagation, broadcasting), and the gradient against central differences.
#include "ops/math/testing/extremum_test_suite.h"

#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/kernel_rows.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

std::vector<std::vector<Tensor>> ExtremumKernelInputs() {
  constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();
  return {
      {MakeTensor<int32_t>({2, 1}, {1, 5}), MakeTensor<int32_t>({2}, {2, 4})},
      {MakeTensor<int64_t>({2}, {kMin64, kMax64}), MakeTensor<int64_t>({2}, {-1, 0})},
      {MakeTensor<uint8_t>({2}, {0, 255}), MakeTensor<uint8_t>({2}, {1, 254})},
      {MakeTensor<double>({3}, {1.5, -2, 3}), MakeTensor<double>({}, {0})},
  };
}

void PrintTo(const ExtremumOpParam& param, std::ostream* os) { *os << param.op; }

namespace {

TEST_P(ExtremumOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find(GetParam().op);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            absl::StrCat(GetParam().op,
                         "(x: T, y: T) -> (z: T); attrs: T: {float, double, int32, int64, uint8}; "
                         "flags: elementwise"));
  EXPECT_NE(op->gradient, nullptr);
}

TEST_P(ExtremumOpTest, Shapes) {
  const std::string& op = GetParam().op;
  ExpectBinaryBroadcastShapes(op, DT_FLOAT);
  ExpectBinaryBroadcastShapes(op, DT_UINT8);
  ExpectRejectsDtype(op, 2, DT_BOOL);
  ExpectRejectsDtype(op, 2, DT_STRING);
}

TEST_P(ExtremumOpTest, KernelPropagatesNaN) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  constexpr double kNaND = std::numeric_limits<double>::quiet_NaN();
  const std::string& op = GetParam().op;
  ExpectOpOutput(op,
                 {MakeTensor<float>({5}, {1, kNaN, 3, kNaN, -kInf}),
                  MakeTensor<float>({5}, {2, 1, kNaN, kNaN, 0})},
                 {}, {GetParam().nan_expected});
  ExpectOpOutput(op, {MakeTensor<double>({2}, {-0.5, 0.25}), MakeTensor<double>({}, {kNaND})}, {},
                 {MakeTensor<double>({2}, {kNaND, kNaND})});
}

TEST_P(ExtremumOpTest, KernelEveryDtype) {
  const std::vector<std::vector<Tensor>> inputs = ExtremumKernelInputs();
  const std::vector<Tensor>& expected = GetParam().kernel_expected;
  ASSERT_EQ(inputs.size(), expected.size()) << "one expected tensor per input row";
  std::vector<KernelRow> rows;
  for (size_t i = 0; i < inputs.size(); ++i) rows.push_back({inputs[i], {}, {expected[i]}});
  ExpectKernelRows(GetParam().op, rows);
}

TEST_P(ExtremumOpTest, Gradient) {
  // Random values tie with probability 0, so every point is away from the kink x = y.
  ExpectBinaryGradients(GetParam().op, {.lo = -1, .hi = 1}, {.lo = -1, .hi = 1});
}

TEST_P(ExtremumOpTest, GradientGoesToTheWinner) {
  // d/dx and d/dy of sum(op(x, y)) with x = [1, 5], y = 3: x wins element 1 only for
  // Maximum, element 0 only for Minimum; y collects the rest.
  EXPECT_OK(CheckOpGradients(GetParam().op,
                             {MakeTensor<double>({2}, {1, 5}), MakeTensor<double>({}, {3})}));
}

}  // namespace
}  // namespace rill::testing
