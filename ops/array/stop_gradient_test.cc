// Tests StopGradient: passes values through; no gradient flows back through it.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(StopGradientOpTest, ShapesAndKernel) {
  EXPECT_THAT(InferOpShapes("StopGradient", {{DT_FLOAT, "[?,2]"}}),
              HoldsValue(ElementsAre("[?,2]")));
  ExpectOpOutput("StopGradient", {MakeTensor<int32_t>({2}, {1, -2})}, {},
                 {MakeTensor<int32_t>({2}, {1, -2})});
  ExpectOpOutput("StopGradient", {MakeTensor<std::string>({}, {"s"})}, {},
                 {MakeTensor<std::string>({}, {"s"})});
}

TEST(StopGradientOpTest, StopsTheGradient) {
  // Without StopGradient the same check passes.
  auto plain = [](const Scope& s, const std::vector<Output>& in) {
    return std::vector<Output>{ops::Mul(s, in[0], in[0])};
  };
  EXPECT_OK(CheckGradients(plain, {MakeTensor<double>({2}, {1, 2})}));
  // d/dx (x * StopGradient(x)) = StopGradient(x) = x (not 2x).
  auto check = [](const Scope& s, const std::vector<Output>& in) {
    return std::vector<Output>{
        ops::Mul(s, ops::Mul(s, in[0], ops::StopGradient(s, in[0])), ops::Const(s, 1.0))};
  };
  // The numeric derivative of x*x is 2x, the symbolic one x: the check must fail.
  EXPECT_THAT(CheckGradients(check, {MakeTensor<double>({2}, {1, 2})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("symbolic")));
  EXPECT_TRUE(OpRegistry::Global()->Find("StopGradient")->no_gradient);
}

}  // namespace
}  // namespace rill
