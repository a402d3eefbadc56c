// Tests BatchMatMulV2: signature, shape table (broadcast batch dims, adjoints, unknown dims and
// ranks, errors), the kernel on hand-checked values for every dtype, and the gradient against
// central differences with broadcasting, every adjoint combination and an unknown batch dim.
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
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs Adj(bool x, bool y) { return {{"adj_x", MakeAttr(x)}, {"adj_y", MakeAttr(y)}}; }

TEST(BatchMatMulV2OpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("BatchMatMulV2");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "BatchMatMulV2(x: T, y: T) -> (output: T); attrs: T: {float, double, int32, int64, "
            "uint8}, adj_x: bool = false, adj_y: bool = false");
}

TEST(BatchMatMulV2OpTest, ShapeTable) {
  auto infer = [](const char* x, const char* y, OpAttrs attrs = {}) {
    return InferOpShapes("BatchMatMulV2", {{DT_FLOAT, x}, {DT_FLOAT, y}}, attrs);
  };
  EXPECT_THAT(infer("[2,3,4]", "[2,4,5]"), HoldsValue(ElementsAre("[2,3,5]")));
  EXPECT_THAT(infer("[3,4]", "[4,5]"), HoldsValue(ElementsAre("[3,5]")));
  EXPECT_THAT(infer("[2,1,3,4]", "[5,4,6]"), HoldsValue(ElementsAre("[2,5,3,6]")));
  EXPECT_THAT(infer("[3,4]", "[7,4,6]"), HoldsValue(ElementsAre("[7,3,6]")));
  EXPECT_THAT(infer("[2,4,3]", "[2,5,4]", Adj(true, true)), HoldsValue(ElementsAre("[2,3,5]")));
  EXPECT_THAT(infer("[?,3,4]", "[4,?]"), HoldsValue(ElementsAre("[?,3,?]")));
  EXPECT_THAT(infer("[?,3,?]", "[2,4,5]"), HoldsValue(ElementsAre("[2,3,5]")));
  EXPECT_THAT(infer("?", "[2,4,5]"), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(infer("[2,3,4]", "[2,5,4]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (BatchMatMulV2): inner dims 4 vs 5")));
  EXPECT_THAT(infer("[2,3,4]", "[3,4,5]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("batch dims [2] and [3] do not broadcast")));
  EXPECT_THAT(infer("[4]", "[4,5]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("x must have rank at least 2, got [4]")));
}

TEST(BatchMatMulV2OpTest, KernelHandChecked) {
  // Batch of two x matrices times one broadcast y = [[1, 2], [3, 4]].
  const Tensor x = MakeTensor<float>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const Tensor y = MakeTensor<float>({2, 2}, {1, 2, 3, 4});
  EXPECT_THAT(RunOp("BatchMatMulV2", {x, y}),
              HoldsValue(ElementsAre(TensorEq(
                  MakeTensor<float>({2, 2, 2}, {7, 10, 15, 22, 23, 34, 31, 46})))));
  EXPECT_THAT(RunOp("BatchMatMulV2", {x, y}, Adj(true, false)),
              HoldsValue(ElementsAre(TensorEq(
                  MakeTensor<float>({2, 2, 2}, {10, 14, 14, 20, 26, 38, 30, 44})))));
  EXPECT_THAT(RunOp("BatchMatMulV2", {x, y}, Adj(false, true)),
              HoldsValue(ElementsAre(TensorEq(
                  MakeTensor<float>({2, 2, 2}, {5, 11, 11, 25, 17, 39, 23, 53})))));
  // Both sides broadcast: [2,1,1,2] x [3,2,1] -> [2,3,1,1].
  EXPECT_THAT(RunOp("BatchMatMulV2", {MakeTensor<double>({2, 1, 1, 2}, {1, 2, 3, 4}),
                                      MakeTensor<double>({3, 2, 1}, {1, 0, 0, 1, 1, 1})}),
              HoldsValue(ElementsAre(TensorEq(
                  MakeTensor<double>({2, 3, 1, 1}, {1, 2, 3, 3, 4, 7})))));
  EXPECT_THAT(RunOp("BatchMatMulV2", {MakeTensor<int32_t>({1, 1, 2}, {2, -3}),
                                      MakeTensor<int32_t>({1, 2, 1}, {5, 7})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({1, 1, 1}, {-11})))));
  EXPECT_THAT(RunOp("BatchMatMulV2", {MakeTensor<int64_t>({1, 1}, {int64_t{1} << 20}),
                                      MakeTensor<int64_t>({1, 1}, {int64_t{1} << 30})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({1, 1}, {int64_t{1} << 50})))));
  EXPECT_THAT(RunOp("BatchMatMulV2", {MakeTensor<uint8_t>({1, 2}, {16, 1}),
                                      MakeTensor<uint8_t>({2, 1}, {16, 3})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({1, 1}, {3})))));  // 256 wraps
  // An empty inner dim gives zeros; an empty batch an empty result.
  EXPECT_THAT(RunOp("BatchMatMulV2", {MakeTensor<float>({2, 0}, {}), MakeTensor<float>({0, 2}, {})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2, 2}, {0, 0, 0, 0})))));
  EXPECT_THAT(RunOp("BatchMatMulV2", {MakeTensor<float>({0, 2, 2}, {}), y}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({0, 2, 2}, {})))));
}

TEST(BatchMatMulV2OpTest, Gradient) {
  uint64_t seed = 1;
  auto rand = [&](std::initializer_list<int64_t> dims) {
    return RandomTensor(DT_DOUBLE, TensorShape(dims), seed++);
  };
  EXPECT_OK(CheckOpGradients("BatchMatMulV2", {rand({2, 3, 4}), rand({2, 4, 2})}));
  // Broadcast batch dims on either side (the gradient sums over them).
  EXPECT_OK(CheckOpGradients("BatchMatMulV2", {rand({3, 4}), rand({2, 4, 2})}));
  EXPECT_OK(CheckOpGradients("BatchMatMulV2", {rand({2, 1, 2, 3}), rand({3, 3, 2})}));
  EXPECT_OK(CheckOpGradients("BatchMatMulV2", {rand({2, 4, 3}), rand({2, 4, 2})}, Adj(true, false)));
  EXPECT_OK(CheckOpGradients("BatchMatMulV2", {rand({2, 3, 4}), rand({1, 2, 4})}, Adj(false, true)));
  EXPECT_OK(CheckOpGradients("BatchMatMulV2", {rand({4, 3}), rand({2, 2, 4})}, Adj(true, true)));
}

TEST(BatchMatMulV2OpTest, GradientWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 2, 3})}};
  EXPECT_OK(CheckOpGradients("BatchMatMulV2",
                             {RandomTensor(DT_DOUBLE, TensorShape({3, 2, 3}), 1),
                              RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 2)},
                             {}, options));
  options.placeholder_shapes = {{0, PartialShape({-1, 1, 2, 3})}, {1, PartialShape({-1, 3, 2})}};
  EXPECT_OK(CheckOpGradients("BatchMatMulV2",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 1, 2, 3}), 3),
                              RandomTensor(DT_DOUBLE, TensorShape({4, 3, 2}), 4)},
                             {}, options));
}

}  // namespace
}  // namespace rill
