// Tests InTopKV2: signature, shape table and errors, and the kernel on hand-checked values
// (ties count as in, out-of-range targets and non-finite rows are false, int32 and int64).
#include <cstdint>
#include <limits>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(InTopKV2OpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("InTopKV2");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "InTopKV2(predictions: float, targets: T, k: T) -> (precision: bool); attrs: T: "
            "{int32, int64} = int32");
  EXPECT_TRUE(op->no_gradient);
}

TEST(InTopKV2OpTest, ShapeTable) {
  auto infer = [](const char* p, const char* t, const char* k, DataType type = DT_INT32) {
    return InferOpShapes("InTopKV2", {{DT_FLOAT, p}, {type, t}, {type, k}});
  };
  EXPECT_THAT(infer("[4,10]", "[4]", "[]"), HoldsValue(ElementsAre("[4]")));
  EXPECT_THAT(infer("[?,10]", "[4]", "[]", DT_INT64), HoldsValue(ElementsAre("[4]")));
  EXPECT_THAT(infer("?", "?", "?"), HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(infer("[4,10]", "[5]", "[]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (InTopKV2): predictions [4,10] and targets [5] "
                                 "disagree on the batch size")));
  EXPECT_THAT(infer("[4]", "[4]", "[]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("predictions must have rank 2")));
  EXPECT_THAT(infer("[4,10]", "[4]", "[1]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("k must have rank 0")));
  EXPECT_THAT(InferOpShapes("InTopKV2", {{DT_DOUBLE, "[4,10]"}, {DT_INT32, "[4]"}, {DT_INT32, "[]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0 (predictions)")));
}

TEST(InTopKV2OpTest, KernelHandChecked) {
  const Tensor p = MakeTensor<float>({2, 4}, {0.1f, 0.3f, 0.2f, 0.4f, 0.5f, 0.1f, 0.1f, 0.3f});
  const Tensor targets = MakeTensor<int32_t>({2}, {1, 2});
  // Row 0: one class beats 0.3; row 1: two beat 0.1.
  EXPECT_THAT(RunOp("InTopKV2", {p, targets, MakeTensor<int32_t>({}, {2})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<bool>({2}, {true, false})))));
  EXPECT_THAT(RunOp("InTopKV2", {p, targets, MakeTensor<int32_t>({}, {1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<bool>({2}, {false, false})))));
  EXPECT_THAT(RunOp("InTopKV2", {p, targets, MakeTensor<int32_t>({}, {3})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<bool>({2}, {true, true})))));
  // Ties are in: no class beats the target's 0.1, so it is in the top 1; k = 0 admits nothing.
  const Tensor flat = MakeTensor<float>({1, 3}, {0.1f, 0.1f, 0.1f});
  EXPECT_THAT(RunOp("InTopKV2", {flat, MakeTensor<int64_t>({1}, {2}), MakeTensor<int64_t>({}, {1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<bool>({1}, {true})))));
  EXPECT_THAT(RunOp("InTopKV2", {flat, MakeTensor<int64_t>({1}, {2}), MakeTensor<int64_t>({}, {0})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<bool>({1}, {false})))));
}

TEST(InTopKV2OpTest, KernelEdgeCases) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const Tensor p = MakeTensor<float>({4, 2}, {0.1f, 0.9f, 0.1f, 0.9f, nan, 0.9f, inf, 0.9f});
  // Target 5 and -1 are out of range; rows with NaN or inf anywhere cannot say: all false.
  EXPECT_THAT(RunOp("InTopKV2", {p, MakeTensor<int32_t>({4}, {5, -1, 1, 1}),
                                 MakeTensor<int32_t>({}, {2})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<bool>({4}, {false, false, false, false})))));
  EXPECT_THAT(RunOp("InTopKV2", {MakeTensor<float>({0, 3}, {}), MakeTensor<int32_t>({0}, {}),
                                 MakeTensor<int32_t>({}, {1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<bool>({0}, {})))));
}

}  // namespace
}  // namespace rill
