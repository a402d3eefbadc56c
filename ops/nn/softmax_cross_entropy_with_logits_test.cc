// Tests SoftmaxCrossEntropyWithLogits: signature (a composite with two outputs and a reference
// kernel), shape table with TensorFlow's broadcasting, the kernel on hand-checked values, and the gradient of both
// outputs with respect to both inputs (broadcast and unknown batch included).
#include <cmath>
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

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kOp[] = "SoftmaxCrossEntropyWithLogits";

TEST(SoftmaxCrossEntropyWithLogitsOpTest, SignatureOfACompositeWithAKernel) {
  const OpRegistration* op = OpRegistry::Global()->Find(kOp);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "SoftmaxCrossEntropyWithLogits(features: T, labels: T) -> (loss: T, backprop: T); "
            "attrs: T: {float, double}");
  EXPECT_TRUE(op->expand != nullptr);
  EXPECT_TRUE(op->reference_kernel != nullptr);
}

TEST(SoftmaxCrossEntropyWithLogitsOpTest, ShapeTable) {
  auto infer = [](const char* f, const char* l) {
    return InferOpShapes(kOp, {{DT_FLOAT, f}, {DT_FLOAT, l}});
  };
  EXPECT_THAT(infer("[2,3]", "[2,3]"), HoldsValue(ElementsAre("[2]", "[2,3]")));
  EXPECT_THAT(infer("[?,3]", "[2,?]"), HoldsValue(ElementsAre("[2]", "[2,3]")));
  EXPECT_THAT(infer("[1,3]", "[4,3]"), HoldsValue(ElementsAre("[4]", "[4,3]")));
  EXPECT_THAT(infer("[4,3]", "[3]"), HoldsValue(ElementsAre("[4]", "[4,3]")));
  EXPECT_THAT(infer("?", "?"), HoldsValue(ElementsAre("[?]", "[?,?]")));
  EXPECT_THAT(infer("[2,3]", "[2,4]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (SoftmaxCrossEntropyWithLogits): features [2,3] and "
                                 "labels [2,4] do not broadcast")));
  EXPECT_THAT(infer("[2,2,3]", "[2,2,3]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must broadcast to rank 2 [batch, classes]")));
  EXPECT_THAT(infer("[3]", "[3]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rank 2")));
}

TEST(SoftmaxCrossEntropyWithLogitsOpTest, KernelValues) {
  // Row 0: softmax = [0.25, 0.75] against [0, 1]: loss -log(0.75), backprop [0.25, -0.25].
  // Row 1: huge equal logits against [0.5, 0.5]: loss log 2, backprop 0.
  const double l3 = std::log(3.0);
  EXPECT_THAT(RunOp(kOp, {MakeTensor<double>({2, 2}, {0, l3, 1000, 1000}),
                          MakeTensor<double>({2, 2}, {0, 1, 0.5, 0.5})}),
              HoldsValue(ElementsAre(
                  TensorNear(MakeTensor<double>({2}, {-std::log(0.75), std::log(2.0)}), 1e-12),
                  TensorNear(MakeTensor<double>({2, 2}, {0.25, -0.25, 0, 0}), 1e-12))));
  // Broadcast labels [3] against features [2,3], in float.
  EXPECT_THAT(RunOp(kOp, {MakeTensor<float>({2, 3}, {0, 0, 0, 1, 1, 1}),
                          MakeTensor<float>({3}, {1, 0, 0})}),
              HoldsValue(ElementsAre(
                  TensorNear(MakeTensor<float>({2}, {1.0986123f, 1.0986123f}), 1e-6),
                  TensorNear(MakeTensor<float>({2, 3}, {-2.f / 3, 1.f / 3, 1.f / 3, -2.f / 3,
                                                        1.f / 3, 1.f / 3}),
                             1e-6))));
}

TEST(SoftmaxCrossEntropyWithLogitsOpTest, Gradient) {
  // CheckOpGradients weights both outputs, so the backprop output's gradient is checked too.
  // Random labels need not sum to 1 per row: the gradient is exact for any labels.
  EXPECT_OK(CheckOpGradients(kOp, {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1, -2, 2),
                                   RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 2, 0, 1)}));
  EXPECT_OK(CheckOpGradients(kOp, {RandomTensor(DT_DOUBLE, TensorShape({1, 3}), 3, -2, 2),
                                   RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 4, 0, 1)}));
  EXPECT_OK(CheckOpGradients(kOp, {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 5, -2, 2),
                                   RandomTensor(DT_DOUBLE, TensorShape({3}), 6, 0, 1)}));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}, {1, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(kOp,
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 7, -2, 2),
                              RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 8, 0, 1)},
                             {}, options));
}

TEST(SoftmaxCrossEntropyWithLogitsOpTest, GradientWithDistributionLabels) {
  // Rows of labels that sum to 1, as TensorFlow requires (there backprop is the exact gradient).
  EXPECT_OK(CheckOpGradients(kOp, {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 11, -2, 2),
                                   MakeTensor<double>({2, 3}, {0.2, 0.3, 0.5, 0, 1, 0})}));
}

TEST(SoftmaxCrossEntropyWithLogitsOpTest, GradientOfTheLossAlone) {
  // Only the loss is used (the usual case): no gradient reaches the backprop output.
  EXPECT_OK(CheckGradients(
      [](const Scope& s, const std::vector<Output>& in) {
        return std::vector<Output>{ops::SoftmaxCrossEntropyWithLogits(s, in[0], in[1]).loss};
      },
      {RandomTensor(DT_DOUBLE, TensorShape({2, 5}), 9, -2, 2),
       RandomTensor(DT_DOUBLE, TensorShape({2, 5}), 10, 0, 1)}));
}

}  // namespace
}  // namespace rill
