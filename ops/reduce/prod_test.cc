// Tests Prod: signature, shape table, the kernel on hand-checked values for every dtype (empty
// groups, integer wrap-around), and the gradient against central differences, including groups
// with one and with several zeros and an unknown batch dim.
#include <cstdint>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn/testing/const_input_shapes.h"
#include "ops/op_registry.h"
#include "ops/reduce_ops.h"
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
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::ShapeInput;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Axes(std::vector<int32_t> axes) {
  return MakeTensor<int32_t>({static_cast<int64_t>(axes.size())}, axes);
}

TEST(ProdOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Prod");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Prod(input: T, reduction_indices: Tidx) -> (output: T); attrs: keep_dims: bool = "
            "false, T: {float, double, int32, int64, uint8}, Tidx: {int32, int64} = int32");
  EXPECT_TRUE(op->gradient != nullptr);
}

TEST(ProdOpTest, ShapeTable) {
  const ShapeInput x{DT_INT32, "[?,3,4]"};
  EXPECT_THAT(InferShapesWithConsts("Prod", {x, Axes({1})}), HoldsValue(ElementsAre("[?,4]")));
  EXPECT_THAT(InferShapesWithConsts("Prod", {x, Axes({0, -1})}, {{"keep_dims", MakeAttr(true)}}),
              HoldsValue(ElementsAre("[1,3,1]")));
  EXPECT_THAT(InferShapesWithConsts("Prod", {x, ShapeInput{DT_INT64, "[?]"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithConsts("Prod", {ShapeInput{DT_FLOAT, "?"}, Axes({0})},
                                    {{"keep_dims", MakeAttr(true)}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithConsts("Prod", {x, Axes({-4})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Prod): invalid reduction axis -4")));
}

TEST(ProdOpTest, KernelEveryDtype) {
  const Tensor x = MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_THAT(RunOp("Prod", {x, Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {6, 120})))));
  EXPECT_THAT(RunOp("Prod", {x, MakeTensor<int64_t>({}, {-2})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({3}, {4, 10, 18})))));
  EXPECT_THAT(RunOp("Prod", {x, Axes({0, 1})}, {{"keep_dims", MakeAttr(true)}}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 1}, {720})))));
  EXPECT_THAT(RunOp("Prod", {MakeTensor<double>({3}, {0.5, -4, 1e-3}), Axes({0})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({}, {-2e-3})))));
  EXPECT_THAT(RunOp("Prod", {MakeTensor<int64_t>({2}, {int64_t{1} << 31, 4}), Axes({0})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {int64_t{1} << 33})))));
  // Integers wrap around (2^16 * 2^16 = 2^32 = 0 in int32; 16 * 16 = 0 in uint8).
  EXPECT_THAT(RunOp("Prod", {MakeTensor<int32_t>({2}, {65536, 65536}), Axes({0})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({}, {0})))));
  EXPECT_THAT(RunOp("Prod", {MakeTensor<int32_t>({3}, {-3, 7, -1}), Axes({0})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({}, {21})))));
  EXPECT_THAT(RunOp("Prod", {MakeTensor<uint8_t>({2, 2}, {16, 16, 3, 5}), Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({2}, {0, 15})))));
  // An empty group's product is 1.
  EXPECT_THAT(RunOp("Prod", {MakeTensor<float>({2, 0}, {}), Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {1, 1})))));
  EXPECT_THAT(RunOp("Prod", {x, Axes({2})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Prod): invalid reduction axis 2")));
}

TEST(ProdOpTest, Gradient) {
  GradientCheckOptions options;
  options.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(
      "Prod", {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1, -2, 2, 0.1), Axes({1})}, {},
      options));
  EXPECT_OK(CheckOpGradients(
      "Prod", {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 2}), 2, -2, 2, 0.1), Axes({0, 2})},
      {{"keep_dims", MakeAttr(true)}}, options));
  EXPECT_OK(CheckOpGradients("Prod", {RandomTensor(DT_DOUBLE, TensorShape({4}), 3), Axes({})},
                             {}, options));
}

TEST(ProdOpTest, GradientWithZeros) {
  // Row 0 has one zero (its gradient there is the product of the others, elsewhere 0), row 1
  // two zeros (all 0), row 2 none (p / x).
  GradientCheckOptions options;
  options.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(
      "Prod", {MakeTensor<double>({3, 3}, {0, 1.5, -2, 0, 0.3, 0, 0.7, -1.1, 2}), Axes({1})}, {},
      options));
}

TEST(ProdOpTest, GradientWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.const_inputs = {1};
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(
      "Prod", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 5, -2, 2, 0.1), Axes({1})}, {},
      options));
  EXPECT_OK(CheckOpGradients(
      "Prod", {MakeTensor<double>({2, 3}, {0, 2, 3, 1, 0, 0}), Axes({0})}, {}, options));
}

}  // namespace
}  // namespace rill
