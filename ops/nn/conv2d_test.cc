// Tests Conv2D: signature, a shape table (SAME/VALID/EXPLICIT, strides, dilations, unknown dims
// and ranks, errors), the kernel on hand-computed values for every dtype, and the gradient
// against central differences for each padding, with strides, dilations and an unknown batch.
#include <cstdint>
#include <string>
#include <vector>

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
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
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

std::vector<float> Iota(int n, float start = 1) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = start + i;
  return v;
}

TEST(Conv2DOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Conv2D");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Conv2D(input: T, filter: T) -> (output: T); attrs: T: {float, double, int32}, "
            "strides: list(int), use_cudnn_on_gpu: bool = true, padding: {'SAME', 'VALID', "
            "'EXPLICIT'}, explicit_paddings: list(int) = [], data_format: {'NHWC', 'NCHW'} = "
            "'NHWC', dilations: list(int) = [1, 1, 1, 1]");
}

TEST(Conv2DOpTest, ShapeTable) {
  auto infer = [](const char* input, const char* filter, const OpAttrs& attrs) {
    return InferOpShapes("Conv2D", {{DT_FLOAT, input}, {DT_FLOAT, filter}}, attrs);
  };
  EXPECT_THAT(infer("[1,8,8,2]", "[3,3,2,4]", Conv("SAME")), HoldsValue(ElementsAre("[1,8,8,4]")));
  EXPECT_THAT(infer("[1,8,8,2]", "[3,3,2,4]", Conv("VALID")), HoldsValue(ElementsAre("[1,6,6,4]")));
  EXPECT_THAT(infer("[1,8,7,2]", "[3,3,2,4]", Conv("SAME", {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[1,4,4,4]")));
  EXPECT_THAT(infer("[1,8,8,2]", "[3,3,2,4]", Conv("VALID", {1, 2, 3, 1})),
              HoldsValue(ElementsAre("[1,3,2,4]")));
  EXPECT_THAT(infer("[1,8,8,2]", "[3,3,2,4]",
                    Conv("VALID", {1, 1, 1, 1}, {{"dilations", MakeAttr(Ints{1, 2, 3, 1})}})),
              HoldsValue(ElementsAre("[1,4,2,4]")));
  EXPECT_THAT(infer("[1,4,4,2]", "[3,3,2,4]",
                    Conv("EXPLICIT", {1, 1, 1, 1},
                         {{"explicit_paddings", MakeAttr(Ints{0, 0, 1, 2, 0, 0, 0, 0})}})),
              HoldsValue(ElementsAre("[1,5,2,4]")));
  // Unknown dims and ranks.
  EXPECT_THAT(infer("[?,?,8,2]", "[3,3,2,4]", Conv("SAME")), HoldsValue(ElementsAre("[?,?,8,4]")));
  EXPECT_THAT(infer("?", "[3,3,2,4]", Conv("SAME")), HoldsValue(ElementsAre("[?,?,?,4]")));
  EXPECT_THAT(infer("[1,8,8,2]", "?", Conv("VALID")), HoldsValue(ElementsAre("[1,?,?,?]")));
  EXPECT_THAT(infer("[1,8,8,2]", "?", Conv("SAME")), HoldsValue(ElementsAre("[1,8,8,?]")));
  // Errors.
  EXPECT_THAT(infer("[1,8,8]", "[3,3,2,4]", Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Conv2D): input must have rank 4, got [1,8,8]")));
  EXPECT_THAT(infer("[1,8,8,3]", "[3,3,2,4]", Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("input depth 3 does not match filter in_depth 2")));
  EXPECT_THAT(infer("[1,8,8,4]", "[3,3,2,4]", Conv("SAME")),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("grouped convolution")));
  EXPECT_THAT(infer("[1,2,2,2]", "[3,3,2,4]", Conv("VALID")),
              HoldsValue(ElementsAre("[1,0,0,4]")));  // as TensorFlow: empty, not an error
  EXPECT_THAT(infer("[1,1,1,2]", "[3,3,2,4]", Conv("VALID")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("computed output size would be negative")));
  EXPECT_THAT(infer("[1,8,8,2]", "[3,3,2,4]", Conv("SAME", {1, 1, 1, 1},
                                                   {{"data_format", MakeAttr("NCHW")}})),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("node 'op' (Conv2D): data_format NCHW is not supported")));
  EXPECT_THAT(infer("[1,8,8,2]", "[3,3,2,4]", Conv("SAME", {1, 1, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("strides must have 4")));
  EXPECT_THAT(infer("[1,8,8,2]", "[3,3,2,4]", Conv("FULL")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("padding")));
  EXPECT_THAT(InferOpShapes("Conv2D", {{DT_INT64, "[1,8,8,2]"}, {DT_INT64, "[3,3,2,4]"}},
                            Conv("SAME")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is int64")));
}

TEST(Conv2DOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 28, 28, 1}});
  Output w = ops::Placeholder(root, DT_FLOAT, {.shape = {5, 5, 1, 32}});
  Output y = ops::Conv2D(root, x, w, {1, 2, 2, 1}, "SAME", {.dilations = {1, 1, 1, 1}});
  ASSERT_OK(root.status());
  EXPECT_EQ(y.shape().DebugString(), "[?,14,14,32]");
  EXPECT_EQ(y.node()->attrs().at("padding").s(), "SAME");
}

TEST(Conv2DOpTest, KernelHandComputed) {
  const Tensor x = MakeTensor<float>({1, 3, 3, 1}, Iota(9));
  const Tensor f = MakeTensor<float>({2, 2, 1, 1}, {1, 2, 3, 4});
  // VALID: out[0,0] = 1*1 + 2*2 + 4*3 + 5*4 = 37, ...
  EXPECT_THAT(RunOp("Conv2D", {x, f}, Conv("VALID")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 2, 2, 1}, {37, 47, 67, 77})))));
  // SAME pads one row/column after: the last row and column see only part of the filter.
  EXPECT_THAT(RunOp("Conv2D", {x, f}, Conv("SAME")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>(
                  {1, 3, 3, 1}, {37, 47, 21, 67, 77, 33, 23, 26, 9})))));
  // Dilation 2: the taps are the four corners, 1*1 + 3*2 + 7*3 + 9*4.
  EXPECT_THAT(RunOp("Conv2D", {x, f},
                    Conv("VALID", {1, 1, 1, 1}, {{"dilations", MakeAttr(Ints{1, 2, 2, 1})}})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 1, 1, 1}, {64})))));
  // Stride 2 with a filter of ones: sums of the 2x2 blocks of 0..15.
  EXPECT_THAT(RunOp("Conv2D", {MakeTensor<double>({1, 4, 4, 1}, std::vector<double>(
                                                                  {0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                                                                   10, 11, 12, 13, 14, 15})),
                               MakeTensor<double>({2, 2, 1, 1}, {1, 1, 1, 1})},
                    Conv("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({1, 2, 2, 1}, {10, 18, 42, 50})))));
  // Channels: out[oc] = sum_ic x[ic] * f[ic, oc].
  EXPECT_THAT(RunOp("Conv2D", {MakeTensor<int32_t>({1, 1, 1, 2}, {1, 2}),
                               MakeTensor<int32_t>({1, 1, 2, 3}, {1, 2, 3, 4, 5, 6})},
                    Conv("SAME")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({1, 1, 1, 3}, {9, 12, 15})))));
  // EXPLICIT: one row of zeros on top and one column on the right.
  EXPECT_THAT(RunOp("Conv2D", {MakeTensor<float>({1, 2, 2, 1}, {1, 2, 3, 4}),
                               MakeTensor<float>({1, 1, 1, 1}, {2})},
                    Conv("EXPLICIT", {1, 1, 1, 1},
                         {{"explicit_paddings", MakeAttr(Ints{0, 0, 1, 0, 0, 1, 0, 0})}})),
              HoldsValue(ElementsAre(TensorEq(
                  MakeTensor<float>({1, 3, 3, 1}, {0, 0, 0, 2, 4, 0, 6, 8, 0})))));
  // A batch of two and int32 (the second image is the first negated).
  EXPECT_THAT(RunOp("Conv2D", {MakeTensor<int32_t>({2, 2, 2, 1}, {1, 2, 3, 4, -1, -2, -3, -4}),
                               MakeTensor<int32_t>({2, 2, 1, 1}, {1, 2, 3, 4})},
                    Conv("VALID")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({2, 1, 1, 1}, {30, -30})))));
  // Empty batch: an empty output.
  EXPECT_THAT(RunOp("Conv2D", {MakeTensor<float>({0, 3, 3, 1}, {}), f}, Conv("SAME")),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({0, 3, 3, 1}, {})))));
}

TEST(Conv2DOpTest, Gradient) {
  const Tensor x = RandomTensor(DT_DOUBLE, TensorShape({2, 4, 4, 2}), 1);
  const Tensor f = RandomTensor(DT_DOUBLE, TensorShape({3, 3, 2, 3}), 2);
  EXPECT_OK(CheckOpGradients("Conv2D", {x, f}, Conv("SAME")));
  EXPECT_OK(CheckOpGradients("Conv2D", {x, f}, Conv("VALID", {1, 2, 1, 1})));
  EXPECT_OK(CheckOpGradients("Conv2D", {x, f},
                             Conv("SAME", {1, 1, 2, 1}, {{"dilations", MakeAttr(Ints{1, 2, 1, 1})}})));
  EXPECT_OK(CheckOpGradients(
      "Conv2D", {x, f},
      Conv("EXPLICIT", {1, 2, 2, 1},
           {{"explicit_paddings", MakeAttr(Ints{0, 0, 2, 0, 1, 1, 0, 0})}})));
}

TEST(Conv2DOpTest, GradientWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3, 3, 2})}};
  EXPECT_OK(CheckOpGradients("Conv2D",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 3, 2}), 3),
                              RandomTensor(DT_DOUBLE, TensorShape({2, 2, 2, 2}), 4)},
                             Conv("SAME", {1, 2, 2, 1}), options));
}

}  // namespace
}  // namespace rill
