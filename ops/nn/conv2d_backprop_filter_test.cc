// Tests Conv2DBackpropFilter: signature, shape table (constant and unknown filter_sizes, errors),
// the kernel on hand-computed values, and its own gradient against central differences.
#include <cstdint>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn/testing/const_input_shapes.h"
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
using ::rill::testing::InferShapesWithConsts;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::ShapeInput;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Ints = std::vector<int64_t>;

OpAttrs Conv(const std::string& padding, Ints strides = {1, 1, 1, 1}, OpAttrs extra = {}) {
  extra["padding"] = MakeAttr(padding);
  extra["strides"] = MakeAttr(strides);
  return extra;
}

Tensor Sizes(std::vector<int32_t> v) {
  return MakeTensor<int32_t>({static_cast<int64_t>(v.size())}, v);
}

TEST(Conv2DBackpropFilterOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Conv2DBackpropFilter");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Conv2DBackpropFilter(input: T, filter_sizes: int32, out_backprop: T) -> (output: T); "
            "attrs: T: {float, double}, strides: list(int), use_cudnn_on_gpu: bool = true, "
            "padding: {'SAME', 'VALID', 'EXPLICIT'}, explicit_paddings: list(int) = [], "
            "data_format: {'NHWC', 'NCHW'} = 'NHWC', dilations: list(int) = [1, 1, 1, 1]");
}

TEST(Conv2DBackpropFilterOpTest, ShapeTable) {
  const ShapeInput input{DT_FLOAT, "[?,8,8,2]"};
  const ShapeInput grad{DT_FLOAT, "[?,8,8,4]"};
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropFilter", {input, Sizes({3, 3, 2, 4}), grad},
                                    Conv("SAME")),
              HoldsValue(ElementsAre("[3,3,2,4]")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropFilter",
                                    {input, ShapeInput{DT_INT32, "[4]"}, grad}, Conv("SAME")),
              HoldsValue(ElementsAre("[?,?,2,4]")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropFilter",
                                    {ShapeInput{DT_FLOAT, "?"}, ShapeInput{DT_INT32, "?"},
                                     ShapeInput{DT_FLOAT, "?"}},
                                    Conv("VALID")),
              HoldsValue(ElementsAre("[?,?,?,?]")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropFilter", {input, Sizes({3, 3, 2, 5}), grad},
                                    Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Conv2DBackpropFilter)")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropFilter", {input, Sizes({3, 3, 2, 4}), grad},
                                    Conv("VALID")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("but the convolution's output has shape [?,6,6,4]")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropFilter", {input, Sizes({3, 3, 2}), grad},
                                    Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("filter_sizes must have rank 4")));
}

TEST(Conv2DBackpropFilterOpTest, KernelHandComputed) {
  // Input 1..9, all-ones out_backprop, VALID 2x2: each filter tap sums the 2x2 block it saw.
  std::vector<float> x(9);
  for (int i = 0; i < 9; ++i) x[i] = i + 1;
  EXPECT_THAT(RunOp("Conv2DBackpropFilter",
                    {MakeTensor<float>({1, 3, 3, 1}, x), Sizes({2, 2, 1, 1}),
                     MakeTensor<float>({1, 2, 2, 1}, {1, 1, 1, 1})},
                    Conv("VALID")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2, 2, 1, 1}, {12, 16, 24, 28})))));
  // 1x1 filter, 2 in and 2 out channels: df[ic, oc] = sum over pixels of x[ic] * g[oc].
  EXPECT_THAT(RunOp("Conv2DBackpropFilter",
                    {MakeTensor<double>({1, 1, 2, 2}, {1, 2, 3, 4}), Sizes({1, 1, 2, 2}),
                     MakeTensor<double>({1, 1, 2, 2}, {1, 0, 0, 1})},
                    Conv("SAME")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({1, 1, 2, 2}, {1, 3, 2, 4})))));
  EXPECT_THAT(RunOp("Conv2DBackpropFilter",
                    {MakeTensor<float>({1, 3, 3, 1}, x), Sizes({2, 2, 1, 1}),
                     MakeTensor<float>({1, 3, 3, 1}, x)},
                    Conv("VALID")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Conv2DBackpropFilter): out_backprop has shape "
                                 "[1,3,3,1] but the convolution's output has shape [1,2,2,1]")));
}

TEST(Conv2DBackpropFilterOpTest, Gradient) {
  GradientCheckOptions options;
  options.const_inputs = {1};
  const Tensor x = RandomTensor(DT_DOUBLE, TensorShape({2, 4, 4, 2}), 1);
  EXPECT_OK(CheckOpGradients(
      "Conv2DBackpropFilter",
      {x, Sizes({3, 3, 2, 3}), RandomTensor(DT_DOUBLE, TensorShape({2, 4, 4, 3}), 2)},
      Conv("SAME"), options));
  EXPECT_OK(CheckOpGradients(
      "Conv2DBackpropFilter",
      {x, Sizes({2, 2, 2, 1}), RandomTensor(DT_DOUBLE, TensorShape({2, 2, 2, 1}), 3)},
      Conv("VALID", {1, 2, 2, 1}), options));
  options.placeholder_shapes = {{0, PartialShape({-1, 4, 4, 2})},
                                {2, PartialShape({-1, 4, 4, 3})}};
  EXPECT_OK(CheckOpGradients(
      "Conv2DBackpropFilter",
      {x, Sizes({3, 3, 2, 3}), RandomTensor(DT_DOUBLE, TensorShape({2, 4, 4, 3}), 4)},
      Conv("SAME"), options));
}

}  // namespace
}  // namespace rill
