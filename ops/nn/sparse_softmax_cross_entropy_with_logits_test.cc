// Tests SparseSoftmaxCrossEntropyWithLogits: signature, shape table and errors, the kernel on
// hand-checked values for float/double and int32/int64 labels, out-of-range labels as errors
// naming the node, and the gradient of both outputs (unknown batch included).
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

constexpr char kOp[] = "SparseSoftmaxCrossEntropyWithLogits";

TEST(SparseSoftmaxCrossEntropyWithLogitsOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find(kOp);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "SparseSoftmaxCrossEntropyWithLogits(features: T, labels: Tlabels) -> (loss: T, "
            "backprop: T); attrs: T: {float, double}, Tlabels: {int32, int64} = int64");
  EXPECT_TRUE(op->reference_kernel != nullptr);
  EXPECT_TRUE(op->gradient != nullptr);
}

TEST(SparseSoftmaxCrossEntropyWithLogitsOpTest, ShapeTable) {
  auto infer = [](const char* f, const char* l) {
    return InferOpShapes(kOp, {{DT_FLOAT, f}, {DT_INT64, l}});
  };
  EXPECT_THAT(infer("[2,3]", "[2]"), HoldsValue(ElementsAre("[2]", "[2,3]")));
  EXPECT_THAT(infer("[?,10]", "[8]"), HoldsValue(ElementsAre("[8]", "[8,10]")));
  EXPECT_THAT(infer("?", "?"), HoldsValue(ElementsAre("[?]", "[?,?]")));
  EXPECT_THAT(infer("[2,3]", "[3]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (SparseSoftmaxCrossEntropyWithLogits): features [2,3] "
                                 "and labels [3] disagree on the batch size")));
  EXPECT_THAT(infer("[2,3]", "[2,1]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("labels must have rank 1")));
  EXPECT_THAT(InferOpShapes(kOp, {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Tlabels")));
}

TEST(SparseSoftmaxCrossEntropyWithLogitsOpTest, KernelHandChecked) {
  // Row 0: softmax [0.25, 0.75], label 1; row 1: huge equal logits, label 0.
  const double l3 = std::log(3.0);
  EXPECT_THAT(RunOp(kOp, {MakeTensor<double>({2, 2}, {0, l3, 1000, 1000}),
                          MakeTensor<int64_t>({2}, {1, 0})}),
              HoldsValue(ElementsAre(
                  TensorNear(MakeTensor<double>({2}, {-std::log(0.75), std::log(2.0)}), 1e-12),
                  TensorNear(MakeTensor<double>({2, 2}, {0.25, -0.25, -0.5, 0.5}), 1e-12))));
  EXPECT_THAT(RunOp(kOp, {MakeTensor<float>({1, 3}, {0, 0, 0}), MakeTensor<int32_t>({1}, {2})}),
              HoldsValue(ElementsAre(
                  TensorNear(MakeTensor<float>({1}, {1.0986123f}), 1e-6),
                  TensorNear(MakeTensor<float>({1, 3}, {1.f / 3, 1.f / 3, -2.f / 3}), 1e-6))));
  // A far-off logit does not overflow: loss ~ 2000 for the losing class.
  EXPECT_THAT(RunOp(kOp, {MakeTensor<float>({1, 2}, {-1000, 1000}), MakeTensor<int32_t>({1}, {0})}),
              HoldsValue(ElementsAre(TensorNear(MakeTensor<float>({1}, {2000}), 1e-6),
                                     TensorNear(MakeTensor<float>({1, 2}, {-1, 1}), 1e-6))));
  EXPECT_THAT(RunOp(kOp, {MakeTensor<float>({0, 3}, {}), MakeTensor<int32_t>({0}, {})}),
              HoldsValue(ElementsAre(TensorNear(MakeTensor<float>({0}, {}), 0),
                                     TensorNear(MakeTensor<float>({0, 3}, {}), 0))));
}

TEST(SparseSoftmaxCrossEntropyWithLogitsOpTest, LabelOutOfRangeNamesTheNode) {
  const Tensor features = MakeTensor<float>({3, 5}, std::vector<float>(15, 0));
  EXPECT_THAT(RunOp(kOp, {features, MakeTensor<int64_t>({3}, {0, 4, 7})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (SparseSoftmaxCrossEntropyWithLogits): label 7 at "
                                 "index 2 is outside the valid range [0, 5)")));
  EXPECT_THAT(RunOp(kOp, {features, MakeTensor<int32_t>({3}, {-1, 0, 0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("label -1 at index 0")));
  EXPECT_THAT(RunOp(kOp, {MakeTensor<float>({2, 0}, {}), MakeTensor<int32_t>({2}, {0, 0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least one class")));
}

TEST(SparseSoftmaxCrossEntropyWithLogitsOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients(kOp, {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1, -2, 2),
                                   MakeTensor<int64_t>({3}, {0, 3, 1})}));
  EXPECT_OK(CheckOpGradients(kOp, {RandomTensor(DT_DOUBLE, TensorShape({2, 5}), 2, -2, 2),
                                   MakeTensor<int32_t>({2}, {4, 4})}));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}, {1, PartialShape({-1})}};
  EXPECT_OK(CheckOpGradients(kOp,
                             {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 3, -2, 2),
                              MakeTensor<int64_t>({4}, {2, 0, 1, 2})},
                             {}, options));
  // The loss alone (the usual use).
  EXPECT_OK(CheckGradients(
      [](const Scope& s, const std::vector<Output>& in) {
        return std::vector<Output>{ops::SparseSoftmaxCrossEntropyWithLogits(s, in[0], in[1]).loss};
      },
      {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 4, -2, 2), MakeTensor<int32_t>({2}, {1, 2})}));
}

}  // namespace
}  // namespace rill
