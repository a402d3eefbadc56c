// Tests BiasAddGrad: signature, shape table and errors, the kernel on hand-checked values for
// every dtype, and its own gradient (a broadcast back) against central differences.
#include <cstdint>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(BiasAddGradOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("BiasAddGrad");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "BiasAddGrad(out_backprop: T) -> (output: T); attrs: T: {float, double, int32, "
            "int64, uint8}, data_format: {'NHWC', 'NCHW'} = 'NHWC'");
}

TEST(BiasAddGradOpTest, ShapeTable) {
  EXPECT_THAT(InferOpShapes("BiasAddGrad", {{DT_FLOAT, "[2,3]"}}), HoldsValue(ElementsAre("[3]")));
  EXPECT_THAT(InferOpShapes("BiasAddGrad", {{DT_FLOAT, "[?,8,8,16]"}}),
              HoldsValue(ElementsAre("[16]")));
  EXPECT_THAT(InferOpShapes("BiasAddGrad", {{DT_FLOAT, "[4,?]"}}), HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferOpShapes("BiasAddGrad", {{DT_FLOAT, "?"}}), HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferOpShapes("BiasAddGrad", {{DT_FLOAT, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (BiasAddGrad): out_backprop must have rank at least 2")));
  EXPECT_THAT(InferOpShapes("BiasAddGrad", {{DT_FLOAT, "[2,3]"}},
                            {{"data_format", MakeAttr("NCHW")}}),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("NCHW")));
}

TEST(BiasAddGradOpTest, KernelEveryDtype) {
  EXPECT_THAT(RunOp("BiasAddGrad", {MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({3}, {5, 7, 9})))));
  EXPECT_THAT(RunOp("BiasAddGrad", {MakeTensor<double>({2, 1, 2, 2}, {1, 10, 2, 20, 3, 30, 4, 40})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({2}, {10, 100})))));
  EXPECT_THAT(RunOp("BiasAddGrad", {MakeTensor<int32_t>({3, 1}, {-1, 5, 7})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({1}, {11})))));
  EXPECT_THAT(RunOp("BiasAddGrad", {MakeTensor<int64_t>({2, 1}, {int64_t{1} << 40, 1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({1}, {(int64_t{1} << 40) + 1})))));
  EXPECT_THAT(RunOp("BiasAddGrad", {MakeTensor<uint8_t>({2, 1}, {200, 100})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({1}, {44})))));  // wraps
  // No rows: zeros.
  EXPECT_THAT(RunOp("BiasAddGrad", {MakeTensor<float>({0, 2}, {})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {0, 0})))));
}

TEST(BiasAddGradOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("BiasAddGrad", {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 4}), 1)}));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("BiasAddGrad", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 2)}, {},
                             options));
}

}  // namespace
}  // namespace rill
