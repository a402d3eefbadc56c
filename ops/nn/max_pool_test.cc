// Tests MaxPool: signature, shape table (SAME/VALID/EXPLICIT, strides, unknown dims, errors),
// the kernel on hand-checked values for every dtype (padding ignored, NaN, channels), and the
// gradient against central differences.
#include <cmath>
#include <cstdint>
#include <limits>
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

OpAttrs Pool(const std::string& padding, Ints ksize, Ints strides = {1, 1, 1, 1},
             OpAttrs extra = {}) {
  extra["padding"] = MakeAttr(padding);
  extra["ksize"] = MakeAttr(ksize);
  extra["strides"] = MakeAttr(strides);
  return extra;
}

TEST(MaxPoolOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("MaxPool");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "MaxPool(input: T) -> (output: T); attrs: T: {float, double, int32, int64, uint8} = "
            "float, ksize: list(int) >= 4, strides: list(int) >= 4, padding: {'SAME', 'VALID', "
            "'EXPLICIT'}, explicit_paddings: list(int) = [], data_format: {'NHWC', 'NCHW'} = "
            "'NHWC'");
}

TEST(MaxPoolOpTest, ShapeTable) {
  auto infer = [](const char* input, const OpAttrs& attrs) {
    return InferOpShapes("MaxPool", {{DT_FLOAT, input}}, attrs);
  };
  EXPECT_THAT(infer("[1,3,3,1]", Pool("VALID", {1, 2, 2, 1})), HoldsValue(ElementsAre("[1,2,2,1]")));
  EXPECT_THAT(infer("[2,7,6,3]", Pool("SAME", {1, 3, 3, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[2,4,3,3]")));
  EXPECT_THAT(infer("[2,7,6,3]", Pool("VALID", {1, 3, 2, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[2,3,3,3]")));
  EXPECT_THAT(infer("[1,4,4,1]", Pool("EXPLICIT", {1, 2, 2, 1}, {1, 1, 1, 1},
                                      {{"explicit_paddings", MakeAttr(Ints{0, 0, 1, 1, 0, 0, 0, 0})}})),
              HoldsValue(ElementsAre("[1,5,3,1]")));
  EXPECT_THAT(infer("[?,8,?,5]", Pool("SAME", {1, 2, 2, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[?,4,?,5]")));
  EXPECT_THAT(infer("?", Pool("VALID", {1, 2, 2, 1})), HoldsValue(ElementsAre("[?,?,?,?]")));
  EXPECT_THAT(infer("[3,3,1]", Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (MaxPool): input must have rank 4")));
  EXPECT_THAT(infer("[1,3,3,1]", Pool("VALID", {1, 2, 2})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fewer than the minimum 4")));
  EXPECT_THAT(infer("[1,3,3,1]", Pool("VALID", {1, 4, 4, 1})),
              HoldsValue(ElementsAre("[1,0,0,1]")));  // as TensorFlow: empty, not an error
  EXPECT_THAT(infer("[1,3,3,1]", Pool("VALID", {1, 5, 5, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("computed output size would be negative")));
  EXPECT_THAT(infer("[1,3,3,2]", Pool("VALID", {1, 1, 1, 2}, {1, 1, 1, 2})),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("depth")));
  EXPECT_THAT(infer("[1,3,3,1]", Pool("VALID", {1, 2, 2, 1}, {1, 1, 1, 1},
                                      {{"data_format", MakeAttr("NCHW")}})),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("NCHW")));
}

TEST(MaxPoolOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 28, 28, 8}});
  Output y = ops::MaxPool(root, x, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
  ASSERT_OK(root.status());
  EXPECT_EQ(y.shape().DebugString(), "[?,14,14,8]");
}

TEST(MaxPoolOpTest, KernelHandChecked) {
  const Tensor x = MakeTensor<float>({1, 3, 3, 1}, {1, 5, 3, 4, 2, 6, 7, 8, 0});
  EXPECT_THAT(RunOp("MaxPool", {x}, Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 2, 2, 1}, {5, 6, 8, 8})))));
  // SAME, stride 2: the right and bottom windows hang over the edge and see fewer elements.
  EXPECT_THAT(RunOp("MaxPool", {x}, Pool("SAME", {1, 2, 2, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 2, 2, 1}, {5, 6, 8, 0})))));
  // Padding is not a zero: all-negative inputs keep their own maximum.
  EXPECT_THAT(RunOp("MaxPool", {MakeTensor<double>({1, 2, 2, 1}, {-1, -2, -3, -4})},
                    Pool("SAME", {1, 3, 3, 1})),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<double>({1, 2, 2, 1}, {-1, -1, -1, -1})))));
  // Channels pool separately.
  EXPECT_THAT(RunOp("MaxPool", {MakeTensor<int32_t>({1, 2, 2, 2}, {1, 8, 2, 7, 3, 6, 4, 5})},
                    Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({1, 1, 1, 2}, {4, 8})))));
  EXPECT_THAT(RunOp("MaxPool", {MakeTensor<int64_t>({1, 1, 2, 1}, {-(int64_t{1} << 40), -5})},
                    Pool("VALID", {1, 1, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({1, 1, 1, 1}, {-5})))));
  EXPECT_THAT(RunOp("MaxPool", {MakeTensor<uint8_t>({1, 1, 3, 1}, {7, 255, 0})},
                    Pool("VALID", {1, 1, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({1, 1, 2, 1}, {255, 255})))));
}

TEST(MaxPoolOpTest, KernelEdgeCases) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("MaxPool", {MakeTensor<float>({1, 1, 3, 1}, {1, nan, 2})},
                             Pool("VALID", {1, 1, 2, 1})));
  EXPECT_TRUE(std::isnan(out[0].data<float>()[0]));
  EXPECT_TRUE(std::isnan(out[0].data<float>()[1]));
  // A window lying entirely in EXPLICIT padding has no element: -inf.
  EXPECT_THAT(RunOp("MaxPool", {MakeTensor<float>({1, 1, 1, 1}, {3})},
                    Pool("EXPLICIT", {1, 1, 1, 1}, {1, 1, 1, 1},
                         {{"explicit_paddings", MakeAttr(Ints{0, 0, 1, 0, 0, 0, 0, 0})}})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 2, 1, 1}, {-inf, 3})))));
  EXPECT_THAT(RunOp("MaxPool", {MakeTensor<float>({0, 2, 2, 1}, {})}, Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({0, 1, 1, 1}, {})))));
}

TEST(MaxPoolOpTest, Gradient) {
  const Tensor x = RandomTensor(DT_DOUBLE, TensorShape({2, 4, 5, 2}), 1);
  EXPECT_OK(CheckOpGradients("MaxPool", {x}, Pool("VALID", {1, 2, 2, 1})));
  EXPECT_OK(CheckOpGradients("MaxPool", {x}, Pool("SAME", {1, 3, 2, 1}, {1, 2, 2, 1})));
  EXPECT_OK(CheckOpGradients(
      "MaxPool", {x},
      Pool("EXPLICIT", {1, 2, 2, 1}, {1, 2, 1, 1},
           {{"explicit_paddings", MakeAttr(Ints{0, 0, 1, 1, 0, 1, 0, 0})}})));
}

TEST(MaxPoolOpTest, GradientWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 4, 4, 1})}};
  EXPECT_OK(CheckOpGradients("MaxPool", {RandomTensor(DT_DOUBLE, TensorShape({3, 4, 4, 1}), 2)},
                             Pool("SAME", {1, 2, 2, 1}, {1, 2, 2, 1}), options));
}

}  // namespace
}  // namespace rill
