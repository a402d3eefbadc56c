// Tests AvgPool: signature, shape table and errors, the kernel on hand-checked values (SAME
// averages only in-bounds elements), and the gradient against central differences.
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
using ::rill::testing::TensorNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Ints = std::vector<int64_t>;

OpAttrs Pool(const std::string& padding, Ints ksize, Ints strides = {1, 1, 1, 1}) {
  return {{"padding", MakeAttr(padding)}, {"ksize", MakeAttr(ksize)},
          {"strides", MakeAttr(strides)}};
}

TEST(AvgPoolOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("AvgPool");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "AvgPool(value: T) -> (output: T); attrs: ksize: list(int) >= 4, strides: list(int) "
            ">= 4, padding: {'SAME', 'VALID'}, data_format: {'NHWC', 'NCHW'} = 'NHWC', T: "
            "{float, double}");
}

TEST(AvgPoolOpTest, ShapeTable) {
  auto infer = [](const char* input, const OpAttrs& attrs) {
    return InferOpShapes("AvgPool", {{DT_FLOAT, input}}, attrs);
  };
  EXPECT_THAT(infer("[1,3,3,1]", Pool("SAME", {1, 3, 3, 1})), HoldsValue(ElementsAre("[1,3,3,1]")));
  EXPECT_THAT(infer("[4,9,5,2]", Pool("VALID", {1, 3, 2, 1}, {1, 3, 2, 1})),
              HoldsValue(ElementsAre("[4,3,2,2]")));
  EXPECT_THAT(infer("[?,?,6,2]", Pool("SAME", {1, 2, 2, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[?,?,3,2]")));
  EXPECT_THAT(infer("?", Pool("SAME", {1, 2, 2, 1})), HoldsValue(ElementsAre("[?,?,?,?]")));
  EXPECT_THAT(infer("[1,3,3,1]", Pool("EXPLICIT", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("padding")));
  EXPECT_THAT(infer("[1,3]", Pool("SAME", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (AvgPool): value must have rank 4")));
  EXPECT_THAT(InferOpShapes("AvgPool", {{DT_INT32, "[1,3,3,1]"}}, Pool("SAME", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is int32")));
}

TEST(AvgPoolOpTest, KernelHandChecked) {
  const Tensor x = MakeTensor<float>({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  EXPECT_THAT(RunOp("AvgPool", {x}, Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 2, 2, 1}, {3, 4, 6, 7})))));
  // SAME 3x3: corners average 4 elements, edges 6, the centre 9 (padding is not counted).
  EXPECT_THAT(RunOp("AvgPool", {x}, Pool("SAME", {1, 3, 3, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>(
                  {1, 3, 3, 1}, {3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7})))));
  EXPECT_THAT(RunOp("AvgPool", {MakeTensor<double>({1, 2, 4, 2}, {1, 10, 2, 20, 3, 30, 4, 40,
                                                                  5, 50, 6, 60, 7, 70, 8, 80})},
                    Pool("VALID", {1, 2, 2, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorNear(
                  MakeTensor<double>({1, 1, 2, 2}, {3.5, 35, 5.5, 55}), 1e-15))));
  EXPECT_THAT(RunOp("AvgPool", {MakeTensor<float>({0, 3, 3, 1}, {})}, Pool("SAME", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({0, 3, 3, 1}, {})))));
}

TEST(AvgPoolOpTest, Gradient) {
  const Tensor x = RandomTensor(DT_DOUBLE, TensorShape({2, 4, 5, 2}), 1);
  EXPECT_OK(CheckOpGradients("AvgPool", {x}, Pool("VALID", {1, 2, 2, 1})));
  EXPECT_OK(CheckOpGradients("AvgPool", {x}, Pool("SAME", {1, 3, 3, 1}, {1, 2, 2, 1})));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 4, 5, 2})}};
  EXPECT_OK(CheckOpGradients("AvgPool", {x}, Pool("SAME", {1, 2, 3, 1}, {1, 1, 2, 1}), options));
}

}  // namespace
}  // namespace rill
