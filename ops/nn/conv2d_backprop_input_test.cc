// Tests Conv2DBackpropInput: signature, shape table (constant, 2-element and unknown
// input_sizes, errors), the kernel on hand-computed values (it is Conv2D's adjoint), and its own
// gradient against central differences.
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
using ::rill::testing::RunOpWithConstInputs;
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

TEST(Conv2DBackpropInputOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Conv2DBackpropInput");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Conv2DBackpropInput(input_sizes: int32, filter: T, out_backprop: T) -> (output: T); "
            "attrs: T: {float, double, int32}, strides: list(int), use_cudnn_on_gpu: bool = "
            "true, padding: {'SAME', 'VALID', 'EXPLICIT'}, explicit_paddings: list(int) = [], "
            "data_format: {'NHWC', 'NCHW'} = 'NHWC', dilations: list(int) = [1, 1, 1, 1]");
}

TEST(Conv2DBackpropInputOpTest, ShapeTable) {
  const ShapeInput filter{DT_FLOAT, "[3,3,2,4]"};
  const ShapeInput grad{DT_FLOAT, "[?,8,8,4]"};
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput", {Sizes({5, 8, 8, 2}), filter, grad},
                                    Conv("SAME")),
              HoldsValue(ElementsAre("[5,8,8,2]")));
  // [h, w] only: batch from out_backprop, depth from the filter.
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput", {Sizes({10, 10}), filter, grad},
                                    Conv("VALID")),
              HoldsValue(ElementsAre("[?,10,10,2]")));
  // input_sizes unknown: what out_backprop and filter say.
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput",
                                    {ShapeInput{DT_INT32, "[4]"}, filter, grad}, Conv("SAME")),
              HoldsValue(ElementsAre("[?,?,?,2]")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput",
                                    {ShapeInput{DT_INT32, "?"}, ShapeInput{DT_FLOAT, "?"},
                                     ShapeInput{DT_FLOAT, "?"}},
                                    Conv("SAME")),
              HoldsValue(ElementsAre("[?,?,?,?]")));
  // Errors.
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput", {Sizes({5, 9, 9, 2}), filter, grad},
                                    Conv("VALID")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("out_backprop has shape [?,8,8,4] but the convolution's output "
                                 "has shape [5,7,7,4]")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput", {Sizes({5, 8, 8, 3}), filter, grad},
                                    Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("input depth 3 does not match filter in_depth 2")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput", {Sizes({5, 8, 8}), filter, grad},
                                    Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("input_sizes must have 4 or 2 elements, got 3")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput",
                                    {Sizes({5, 8, 8, 2}), filter, ShapeInput{DT_FLOAT, "[8,8,4]"}},
                                    Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("out_backprop must have rank 4")));
  EXPECT_THAT(InferShapesWithConsts("Conv2DBackpropInput", {Sizes({5, 8, 8, 2}), filter, grad},
                                    Conv("SAME", {1, 1, 1, 1}, {{"data_format", MakeAttr("NCHW")}})),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("NCHW")));
}

TEST(Conv2DBackpropInputOpTest, KernelIsTheAdjointOfConv2D) {
  const Tensor f = MakeTensor<float>({2, 2, 1, 1}, {1, 2, 3, 4});
  // Each output gradient is spread over the 2x2 block it came from, weighted by the filter.
  EXPECT_THAT(RunOp("Conv2DBackpropInput",
                    {Sizes({1, 3, 3, 1}), f, MakeTensor<float>({1, 2, 2, 1}, {1, 1, 1, 1})},
                    Conv("VALID")),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<float>({1, 3, 3, 1}, {1, 3, 2, 4, 10, 6, 3, 7, 4})))));
  EXPECT_THAT(RunOp("Conv2DBackpropInput",
                    {Sizes({3, 3}), f, MakeTensor<float>({1, 2, 2, 1}, {1, 2, 3, 4})},
                    Conv("VALID")),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<float>({1, 3, 3, 1}, {1, 4, 4, 6, 20, 16, 9, 24, 16})))));
  // Stride 2 with a 1x1 filter: only every other input element receives anything.
  EXPECT_THAT(RunOp("Conv2DBackpropInput",
                    {Sizes({1, 3, 3, 1}), MakeTensor<double>({1, 1, 1, 1}, {3}),
                     MakeTensor<double>({1, 2, 2, 1}, {1, 2, 3, 4})},
                    Conv("SAME", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<double>({1, 3, 3, 1}, {3, 0, 6, 0, 0, 0, 9, 0, 12})))));
  // int32, two channels in, one out.
  EXPECT_THAT(RunOp("Conv2DBackpropInput",
                    {Sizes({1, 1, 1, 2}), MakeTensor<int32_t>({1, 1, 2, 1}, {5, -7}),
                     MakeTensor<int32_t>({1, 1, 1, 1}, {2})},
                    Conv("VALID")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({1, 1, 1, 2}, {10, -14})))));
}

TEST(Conv2DBackpropInputOpTest, KernelErrorsNameTheNode) {
  const Tensor f = MakeTensor<float>({2, 2, 1, 1}, {1, 2, 3, 4});
  // input_sizes fed at run time: the mismatch is found by the kernel.
  EXPECT_THAT(RunOp("Conv2DBackpropInput",
                    {Sizes({1, 4, 4, 1}), f, MakeTensor<float>({1, 2, 2, 1}, {1, 1, 1, 1})},
                    Conv("VALID")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Conv2DBackpropInput): out_backprop has shape "
                                 "[1,2,2,1] but the convolution's output has shape [1,3,3,1]")));
  EXPECT_THAT(RunOp("Conv2DBackpropInput",
                    {Sizes({1, -3, 3, 1}), f, MakeTensor<float>({1, 2, 2, 1}, {1, 1, 1, 1})},
                    Conv("VALID")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("negative dim -3")));
  // Constant input_sizes: the static shape and the kernel agree.
  EXPECT_THAT(RunOpWithConstInputs(
                  "Conv2DBackpropInput",
                  {Sizes({1, 3, 3, 1}), f, MakeTensor<float>({1, 3, 3, 1}, std::vector<float>(9, 1))},
                  {true, false, false}, Conv("SAME")),
              HoldsValue(ElementsAre(TensorEq(
                  MakeTensor<float>({1, 3, 3, 1}, {1, 3, 3, 4, 10, 10, 4, 10, 10})))));
}

TEST(Conv2DBackpropInputOpTest, Gradient) {
  GradientCheckOptions options;
  options.const_inputs = {0};
  const Tensor f = RandomTensor(DT_DOUBLE, TensorShape({3, 3, 2, 3}), 1);
  EXPECT_OK(CheckOpGradients(
      "Conv2DBackpropInput",
      {Sizes({2, 4, 4, 2}), f, RandomTensor(DT_DOUBLE, TensorShape({2, 4, 4, 3}), 2)},
      Conv("SAME"), options));
  EXPECT_OK(CheckOpGradients(
      "Conv2DBackpropInput",
      {Sizes({1, 5, 5, 2}), f, RandomTensor(DT_DOUBLE, TensorShape({1, 2, 2, 3}), 3)},
      Conv("VALID", {1, 2, 2, 1}), options));
  options.placeholder_shapes = {{2, PartialShape({-1, 3, 3, 3})}};
  EXPECT_OK(CheckOpGradients(
      "Conv2DBackpropInput",
      {Sizes({2, 3, 3, 2}), f, RandomTensor(DT_DOUBLE, TensorShape({2, 3, 3, 3}), 4)},
      Conv("SAME", {1, 1, 1, 1}, {{"dilations", MakeAttr(Ints{1, 2, 1, 1})}}), options));
}

}  // namespace
}  // namespace rill
