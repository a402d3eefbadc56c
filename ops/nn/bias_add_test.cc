// Tests BiasAdd: signature (a composite: expand fn, no kernel), shape table and errors, the
// expansion on hand-checked values for every dtype, and the gradient against central differences.
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

TEST(BiasAddOpTest, SignatureOfAComposite) {
  const OpRegistration* op = OpRegistry::Global()->Find("BiasAdd");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "BiasAdd(value: T, bias: T) -> (output: T); attrs: T: {float, double, int32, int64, "
            "uint8}, data_format: {'NHWC', 'NCHW'} = 'NHWC'");
  EXPECT_TRUE(op->expand != nullptr);
  EXPECT_TRUE(op->reference_kernel == nullptr);
}

TEST(BiasAddOpTest, ShapeTable) {
  auto infer = [](const char* value, const char* bias) {
    return InferOpShapes("BiasAdd", {{DT_FLOAT, value}, {DT_FLOAT, bias}});
  };
  EXPECT_THAT(infer("[2,3]", "[3]"), HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(infer("[?,8,8,3]", "[3]"), HoldsValue(ElementsAre("[?,8,8,3]")));
  EXPECT_THAT(infer("[2,?]", "[5]"), HoldsValue(ElementsAre("[2,5]")));
  EXPECT_THAT(infer("[2,3]", "[?]"), HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(infer("?", "[3]"), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(infer("[3]", "[3]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (BiasAdd): value must have rank at least 2, got [3]")));
  EXPECT_THAT(infer("[2,3]", "[4]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("bias has 4 elements but value [2,3] has 3 channels")));
  EXPECT_THAT(infer("[2,3]", "[1,3]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bias must have rank 1")));
  EXPECT_THAT(InferOpShapes("BiasAdd", {{DT_FLOAT, "[1,3,2,2]"}, {DT_FLOAT, "[3]"}},
                            {{"data_format", MakeAttr("NCHW")}}),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("NCHW")));
}

TEST(BiasAddOpTest, ExpansionValuesEveryDtype) {
  EXPECT_THAT(RunOp("BiasAdd", {MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
                                MakeTensor<float>({3}, {10, 20, 30})}),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<float>({2, 3}, {11, 22, 33, 14, 25, 36})))));
  EXPECT_THAT(RunOp("BiasAdd", {MakeTensor<double>({1, 2, 1, 2}, {0.5, -1, 2, 3}),
                                MakeTensor<double>({2}, {0.25, 1})}),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<double>({1, 2, 1, 2}, {0.75, 0, 2.25, 4})))));
  EXPECT_THAT(RunOp("BiasAdd", {MakeTensor<int32_t>({2, 1}, {7, -7}),
                                MakeTensor<int32_t>({1}, {3})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({2, 1}, {10, -4})))));
  EXPECT_THAT(RunOp("BiasAdd", {MakeTensor<int64_t>({1, 2}, {int64_t{1} << 40, 0}),
                                MakeTensor<int64_t>({2}, {1, -1})}),
              HoldsValue(ElementsAre(
                  TensorEq(MakeTensor<int64_t>({1, 2}, {(int64_t{1} << 40) + 1, -1})))));
  EXPECT_THAT(RunOp("BiasAdd", {MakeTensor<uint8_t>({1, 2}, {250, 1}),
                                MakeTensor<uint8_t>({2}, {10, 1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({1, 2}, {4, 2})))));
}

TEST(BiasAddOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("BiasAdd", {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 4}), 1),
                                         RandomTensor(DT_DOUBLE, TensorShape({4}), 2)}));
  EXPECT_OK(CheckOpGradients("BiasAdd", {RandomTensor(DT_DOUBLE, TensorShape({5, 1}), 3),
                                         RandomTensor(DT_DOUBLE, TensorShape({1}), 4)}));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 2, 3})}};
  EXPECT_OK(CheckOpGradients("BiasAdd",
                             {RandomTensor(DT_DOUBLE, TensorShape({3, 2, 3}), 5),
                              RandomTensor(DT_DOUBLE, TensorShape({3}), 6)},
                             {}, options));
}

}  // namespace
}  // namespace rill
