// Tests L2Loss: signature (a composite), shape, the expansion on hand-checked values (scalars,
// empty tensors), and the gradient, also with an unknown rank.
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
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(L2LossOpTest, SignatureOfAComposite) {
  const OpRegistration* op = OpRegistry::Global()->Find("L2Loss");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op), "L2Loss(t: T) -> (output: T); attrs: T: {float, double}");
  EXPECT_TRUE(op->expand != nullptr);
  EXPECT_TRUE(op->reference_kernel == nullptr);
}

TEST(L2LossOpTest, ShapeTable) {
  EXPECT_THAT(InferOpShapes("L2Loss", {{DT_FLOAT, "[2,3]"}}), HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes("L2Loss", {{DT_DOUBLE, "?"}}), HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes("L2Loss", {{DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (L2Loss): attr 'T' is int32")));
}

TEST(L2LossOpTest, ExpansionValues) {
  EXPECT_THAT(RunOp("L2Loss", {MakeTensor<float>({3}, {1, 2, 3})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({}, {7})))));
  EXPECT_THAT(RunOp("L2Loss", {MakeTensor<double>({2, 2}, {0.5, -0.5, 1, -1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({}, {1.25})))));
  EXPECT_THAT(RunOp("L2Loss", {MakeTensor<double>({}, {3})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({}, {4.5})))));
  EXPECT_THAT(RunOp("L2Loss", {MakeTensor<float>({0, 4}, {})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({}, {0})))));
}

TEST(L2LossOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("L2Loss", {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1)}));
  EXPECT_OK(CheckOpGradients("L2Loss", {RandomTensor(DT_DOUBLE, TensorShape({}), 2)}));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("L2Loss", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 3)}, {},
                             options));
  options.placeholder_shapes = {{0, PartialShape::Unknown()}};
  EXPECT_OK(CheckOpGradients("L2Loss", {RandomTensor(DT_DOUBLE, TensorShape({2, 1, 2}), 4)}, {},
                             options));
}

}  // namespace
}  // namespace rill
