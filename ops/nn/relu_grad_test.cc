// Tests ReluGrad: same-shape rule, kernel values at and around 0, its own gradient.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
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

TEST(ReluGradOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("ReluGrad", {{DT_FLOAT, "[?,3]"}, {DT_FLOAT, "[2,?]"}}),
              HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(InferOpShapes("ReluGrad", {{DT_FLOAT, "?"}, {DT_FLOAT, "?"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("ReluGrad", {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ReluGrad): gradients [2,3] and features [3] must "
                                 "have the same shape")));
}

TEST(ReluGradOpTest, Kernel) {
  ExpectOpOutput("ReluGrad",
                 {MakeTensor<float>({4}, {1, 2, 3, 4}), MakeTensor<float>({4}, {-1, 0, 0.5f, 7})},
                 {}, {MakeTensor<float>({4}, {0, 0, 3, 4})});
  ExpectOpOutput("ReluGrad", {MakeTensor<double>({1}, {5}), MakeTensor<double>({1}, {1e-300})}, {},
                 {MakeTensor<double>({1}, {5})});
  ExpectOpOutput("ReluGrad", {MakeTensor<int32_t>({2}, {5, 6}), MakeTensor<int32_t>({2}, {-1, 1})},
                 {}, {MakeTensor<int32_t>({2}, {0, 6})});
  ExpectOpOutput("ReluGrad", {MakeTensor<int64_t>({1}, {5}), MakeTensor<int64_t>({1}, {1})}, {},
                 {MakeTensor<int64_t>({1}, {5})});
  ExpectOpOutput("ReluGrad", {MakeTensor<uint8_t>({2}, {5, 6}), MakeTensor<uint8_t>({2}, {0, 1})},
                 {}, {MakeTensor<uint8_t>({2}, {0, 6})});
}

TEST(ReluGradOpTest, Gradient) {
  // Linear in the gradients; zero w.r.t. the features away from 0.
  EXPECT_OK(
      CheckOpGradients("ReluGrad", {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1),
                                    RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 2, -1, 1, 0.1)}));
  GradientCheckOptions o;
  o.placeholder_shapes = {{0, PartialShape({-1, 3})}, {1, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("ReluGrad",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 3),
                              RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 4, -1, 1, 0.1)},
                             {}, o));
}

}  // namespace
}  // namespace rill
