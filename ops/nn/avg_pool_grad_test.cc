// Tests AvgPoolGrad: signature, shape table (constant and unknown orig_input_shape, errors), the
// kernel on hand-checked values and as AvgPool's adjoint, and its own gradient.
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
using ::rill::testing::TensorNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Ints = std::vector<int64_t>;

OpAttrs Pool(const std::string& padding, Ints ksize, Ints strides = {1, 1, 1, 1}) {
  return {{"padding", MakeAttr(padding)}, {"ksize", MakeAttr(ksize)},
          {"strides", MakeAttr(strides)}};
}

Tensor Sizes(std::vector<int32_t> v) {
  return MakeTensor<int32_t>({static_cast<int64_t>(v.size())}, v);
}

TEST(AvgPoolGradOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("AvgPoolGrad");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "AvgPoolGrad(orig_input_shape: int32, grad: T) -> (output: T); attrs: ksize: "
            "list(int) >= 4, strides: list(int) >= 4, padding: {'SAME', 'VALID'}, data_format: "
            "{'NHWC', 'NCHW'} = 'NHWC', T: {float, double}");
}

TEST(AvgPoolGradOpTest, ShapeTable) {
  EXPECT_THAT(InferShapesWithConsts("AvgPoolGrad",
                                    {Sizes({1, 3, 3, 1}), ShapeInput{DT_FLOAT, "[1,2,2,1]"}},
                                    Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[1,3,3,1]")));
  EXPECT_THAT(InferShapesWithConsts("AvgPoolGrad",
                                    {ShapeInput{DT_INT32, "[4]"}, ShapeInput{DT_FLOAT, "[5,?,?,3]"}},
                                    Pool("SAME", {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[5,?,?,3]")));
  EXPECT_THAT(InferShapesWithConsts("AvgPoolGrad",
                                    {ShapeInput{DT_INT32, "?"}, ShapeInput{DT_FLOAT, "?"}},
                                    Pool("SAME", {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[?,?,?,?]")));
  EXPECT_THAT(InferShapesWithConsts("AvgPoolGrad",
                                    {Sizes({1, 3, 3, 1}), ShapeInput{DT_FLOAT, "[1,3,3,1]"}},
                                    Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (AvgPoolGrad): grad has shape [1,3,3,1] but the "
                                 "pool's output has shape [1,2,2,1]")));
  EXPECT_THAT(InferShapesWithConsts("AvgPoolGrad",
                                    {Sizes({3, 3, 1}), ShapeInput{DT_FLOAT, "[1,2,2,1]"}},
                                    Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("orig_input_shape must have rank 4")));
}

TEST(AvgPoolGradOpTest, KernelHandChecked) {
  // VALID 2x2 over 3x3 with grad 1: each input gets 1/4 per window covering it.
  EXPECT_THAT(RunOp("AvgPoolGrad",
                    {Sizes({1, 3, 3, 1}), MakeTensor<float>({1, 2, 2, 1}, {1, 1, 1, 1})},
                    Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorNear(
                  MakeTensor<float>({1, 3, 3, 1}, {0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25}),
                  0))));
  // SAME 3x3: the corner is in windows of 4, 6, 6 and 9 elements.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("AvgPoolGrad",
                             {Sizes({1, 3, 3, 1}),
                              MakeTensor<double>({1, 3, 3, 1}, std::vector<double>(9, 1.0))},
                             Pool("SAME", {1, 3, 3, 1})));
  EXPECT_NEAR(out[0].data<double>()[0], 1.0 / 4 + 2.0 / 6 + 1.0 / 9, 1e-15);
  EXPECT_NEAR(out[0].data<double>()[4], 4.0 / 4 + 4.0 / 6 + 1.0 / 9, 1e-15);
  EXPECT_THAT(RunOp("AvgPoolGrad", {Sizes({1, 3, 3, 1}), MakeTensor<float>({1, 1, 1, 1}, {1})},
                    Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (AvgPoolGrad): grad has shape [1,1,1,1]")));
  EXPECT_THAT(RunOp("AvgPoolGrad", {Sizes({1, 3, 3}), MakeTensor<float>({1, 1, 1, 1}, {1})},
                    Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (AvgPoolGrad): orig_input_shape must have rank 4")));
}

TEST(AvgPoolGradOpTest, Gradient) {
  GradientCheckOptions options;
  options.const_inputs = {0};
  EXPECT_OK(CheckOpGradients(
      "AvgPoolGrad", {Sizes({2, 4, 5, 2}), RandomTensor(DT_DOUBLE, TensorShape({2, 2, 3, 2}), 1)},
      Pool("SAME", {1, 3, 3, 1}, {1, 2, 2, 1}), options));
  options.placeholder_shapes = {{1, PartialShape({-1, 3, 4, 2})}};
  EXPECT_OK(CheckOpGradients(
      "AvgPoolGrad", {Sizes({2, 4, 5, 2}), RandomTensor(DT_DOUBLE, TensorShape({2, 3, 4, 2}), 2)},
      Pool("VALID", {1, 2, 2, 1}), options));
}

}  // namespace
}  // namespace rill
