// Tests OnesLike: unchanged shape, kernel for every dtype, no gradient.
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

TEST(OnesLikeOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("OnesLike", {{DT_FLOAT, "[?,3]"}}), HoldsValue(ElementsAre("[?,3]")));
  EXPECT_THAT(InferOpShapes("OnesLike", {{DT_BOOL, "?"}}), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("OnesLike", {{DT_STRING, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is string")));
}

TEST(OnesLikeOpTest, Kernel) {
  ExpectOpOutput("OnesLike", {MakeTensor<float>({2}, {3, -4})}, {},
                 {MakeTensor<float>({2}, {1, 1})});
  ExpectOpOutput("OnesLike", {MakeTensor<double>({}, {2})}, {}, {MakeTensor<double>({}, {1})});
  ExpectOpOutput("OnesLike", {MakeTensor<int32_t>({1, 1}, {9})}, {},
                 {MakeTensor<int32_t>({1, 1}, {1})});
  ExpectOpOutput("OnesLike", {MakeTensor<int64_t>({1}, {9})}, {}, {MakeTensor<int64_t>({1}, {1})});
  ExpectOpOutput("OnesLike", {MakeTensor<uint8_t>({1}, {9})}, {}, {MakeTensor<uint8_t>({1}, {1})});
  ExpectOpOutput("OnesLike", {MakeTensor<bool>({1}, {true})}, {}, {MakeTensor<bool>({1}, {true})});
  ExpectOpOutput("OnesLike", {MakeTensor<float>({0, 2}, {})}, {}, {MakeTensor<float>({0, 2}, {})});
}

TEST(OnesLikeOpTest, NoGradientFlowsThrough) {
  // d(x * OnesLike(x))/dx = OnesLike(x): nothing flows through OnesLike itself.
  auto fn = [](const Scope& s, const std::vector<Output>& in) {
    return std::vector<Output>{ops::Mul(s, in[0], ops::OnesLike(s, in[0]))};
  };
  EXPECT_OK(CheckGradients(fn, {RandomTensor(DT_DOUBLE, TensorShape({3}), 1)}));
  EXPECT_TRUE(OpRegistry::Global()->Find("OnesLike")->no_gradient);
}

}  // namespace
}  // namespace rill
