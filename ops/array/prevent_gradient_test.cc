// Tests PreventGradient: passes values through; a gradient through it is an error.
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

TEST(PreventGradientOpTest, ShapesAndKernel) {
  EXPECT_THAT(InferOpShapes("PreventGradient", {{DT_FLOAT, "?"}}),
              HoldsValue(ElementsAre("<unknown>")));
  ExpectOpOutput("PreventGradient", {MakeTensor<float>({2}, {1, -2})},
                 {{"message", MakeAttr("no")}}, {MakeTensor<float>({2}, {1, -2})});
}

TEST(PreventGradientOpTest, GradientIsAnError) {
  auto fn = [](const Scope& s, const std::vector<Output>& in) {
    return std::vector<Output>{ops::PreventGradient(s.WithOpName("guard"), in[0], "not here")};
  };
  EXPECT_THAT(CheckGradients(fn, {MakeTensor<double>({2}, {1, 2})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("gradient of node 'guard' (PreventGradient): gradient explicitly "
                                 "disabled. Reason: not here")));
}

}  // namespace
}  // namespace rill
