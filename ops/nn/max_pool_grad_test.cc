// Tests MaxPoolGrad: signature, shape table and errors, the kernel on hand-checked values (ties go
// to the first maximum, overlapping windows add up), and that autodiff through it is a clear
// error (TensorFlow's MaxPoolGradGrad is not part of rill).
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

OpAttrs Pool(const std::string& padding, Ints ksize, Ints strides = {1, 1, 1, 1}) {
  return {{"padding", MakeAttr(padding)}, {"ksize", MakeAttr(ksize)},
          {"strides", MakeAttr(strides)}};
}

TEST(MaxPoolGradOpTest, SignatureWithoutGradient) {
  const OpRegistration* op = OpRegistry::Global()->Find("MaxPoolGrad");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "MaxPoolGrad(orig_input: T, orig_output: T, grad: T) -> (output: T); attrs: ksize: "
            "list(int) >= 4, strides: list(int) >= 4, padding: {'SAME', 'VALID', 'EXPLICIT'}, "
            "explicit_paddings: list(int) = [], data_format: {'NHWC', 'NCHW'} = 'NHWC', T: "
            "{float, double, int32, int64, uint8} = float");
  EXPECT_TRUE(op->gradient == nullptr);
  EXPECT_FALSE(op->no_gradient);
}

TEST(MaxPoolGradOpTest, ShapeTable) {
  auto infer = [](const char* in, const char* out, const char* grad, const OpAttrs& attrs) {
    return InferOpShapes("MaxPoolGrad", {{DT_FLOAT, in}, {DT_FLOAT, out}, {DT_FLOAT, grad}},
                         attrs);
  };
  EXPECT_THAT(infer("[1,3,3,1]", "[1,2,2,1]", "[1,2,2,1]", Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[1,3,3,1]")));
  EXPECT_THAT(infer("[?,4,4,2]", "?", "[?,2,2,2]", Pool("SAME", {1, 2, 2, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[?,4,4,2]")));
  EXPECT_THAT(infer("?", "?", "?", Pool("SAME", {1, 2, 2, 1})),
              HoldsValue(ElementsAre("[?,?,?,?]")));
  EXPECT_THAT(infer("[1,3,3,1]", "[1,2,2,1]", "[1,3,3,1]", Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (MaxPoolGrad): grad has shape [1,3,3,1] but the "
                                 "pool's output has shape [1,2,2,1]")));
  EXPECT_THAT(infer("[1,3,3,1]", "[1,2,2]", "[1,2,2,1]", Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("orig_output must have rank 4")));
}

TEST(MaxPoolGradOpTest, KernelHandChecked) {
  const Tensor x = MakeTensor<float>({1, 3, 3, 1}, {1, 5, 3, 4, 2, 6, 7, 8, 0});
  const Tensor y = MakeTensor<float>({1, 2, 2, 1}, {5, 6, 8, 8});
  // 5 <- 1, 6 <- 2, and 8 is the maximum of two windows: 3 + 4.
  EXPECT_THAT(RunOp("MaxPoolGrad", {x, y, MakeTensor<float>({1, 2, 2, 1}, {1, 2, 3, 4})},
                    Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<float>({1, 3, 3, 1}, {0, 1, 0, 0, 0, 2, 0, 7, 0})))));
  // Ties: the first maximum in the window (row-major) gets it all.
  EXPECT_THAT(RunOp("MaxPoolGrad", {MakeTensor<double>({1, 2, 2, 1}, {3, 3, 3, 3}),
                                    MakeTensor<double>({1, 1, 1, 1}, {3}),
                                    MakeTensor<double>({1, 1, 1, 1}, {0.5})},
                    Pool("VALID", {1, 2, 2, 1})),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<double>({1, 2, 2, 1}, {0.5, 0, 0, 0})))));
  // SAME with stride 2 and int32.
  EXPECT_THAT(RunOp("MaxPoolGrad", {MakeTensor<int32_t>({1, 3, 3, 1}, {1, 5, 3, 4, 2, 6, 7, 8, 0}),
                                    MakeTensor<int32_t>({1, 2, 2, 1}, {5, 6, 8, 0}),
                                    MakeTensor<int32_t>({1, 2, 2, 1}, {10, 20, 30, 40})},
                    Pool("SAME", {1, 2, 2, 1}, {1, 2, 2, 1})),
              HoldsValue(ElementsAre(TensorEq(
                  MakeTensor<int32_t>({1, 3, 3, 1}, {0, 10, 0, 0, 0, 20, 0, 30, 40})))));
  // A grad of the wrong shape fed at run time is caught by the kernel.
  EXPECT_THAT(RunOp("MaxPoolGrad", {x, y, MakeTensor<float>({1, 1, 1, 1}, {1})},
                    Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (MaxPoolGrad)")));
}

TEST(MaxPoolGradOpTest, AutodiffThroughItIsAClearError) {
  const Tensor x = RandomTensor(DT_DOUBLE, TensorShape({1, 2, 2, 1}), 1);
  EXPECT_THAT(CheckOpGradients("MaxPoolGrad",
                               {x, MakeTensor<double>({1, 1, 1, 1}, {1}),
                                MakeTensor<double>({1, 1, 1, 1}, {1})},
                               Pool("VALID", {1, 2, 2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("(MaxPoolGrad): op 'MaxPoolGrad' is not differentiable")));
}

}  // namespace
}  // namespace rill
