// Tests ConcatOffset: shapes, constant folding, kernel values and TensorFlow's errors.
#include <cstdint>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectOpOutput;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::InferWithValues;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs N(int n) { return {{"N", MakeAttr(n)}}; }
Tensor Dim(int32_t d) { return MakeTensor<int32_t>({}, {d}); }
Tensor Vec(std::vector<int32_t> v) {
  return MakeTensor<int32_t>({static_cast<int64_t>(v.size())}, v);
}

TEST(ConcatOffsetOpTest, Shapes) {
  EXPECT_THAT(
      InferShapesWithValues("ConcatOffset",
                            {Ph(DT_INT32, "[]"), Ph(DT_INT32, "[3]"), Ph(DT_INT32, "[?]")}, N(2)),
      HoldsValue(ElementsAre("[3]", "[?]")));
  EXPECT_THAT(
      InferShapesWithValues("ConcatOffset",
                            {Ph(DT_INT32, "[1]"), Ph(DT_INT32, "[3]"), Ph(DT_INT32, "[3]")}, N(2)),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (ConcatOffset): concat_dim must have rank 0")));
  EXPECT_THAT(
      InferShapesWithValues("ConcatOffset",
                            {Ph(DT_INT32, "[]"), Ph(DT_INT32, "[3,1]"), Ph(DT_INT32, "[3]")}, N(2)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shape must have rank 1")));
}

TEST(ConcatOffsetOpTest, FoldsConstants) {
  ASSERT_OK_AND_ASSIGN(
      auto inferred,
      InferWithValues("ConcatOffset", {Val(Dim(1)), Val(Vec({2, 3})), Val(Vec({2, 5}))}, N(2)));
  EXPECT_EQ(inferred.values[0], "int32 [2] {0, 0}");
  EXPECT_EQ(inferred.values[1], "int32 [2] {0, 3}");
}

TEST(ConcatOffsetOpTest, Kernel) {
  ExpectOpOutput("ConcatOffset", {Dim(1), Vec({2, 3, 5}), Vec({2, 7, 5}), Vec({2, 0, 5})}, N(3),
                 {Vec({0, 0, 0}), Vec({0, 3, 0}), Vec({0, 10, 0})});
  ExpectOpOutput("ConcatOffset", {Dim(-2), Vec({2, 3}), Vec({4, 3})}, N(2),
                 {Vec({0, 0}), Vec({2, 0})});
  EXPECT_THAT(RunOp("ConcatOffset", {Dim(1), Vec({2, 3}), Vec({4, 3})}, N(2)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ConcatOffset): All dimensions except 1 must match. "
                                 "Input 1 has shape [4 3] and doesn't match input 0 with shape "
                                 "[2 3].")));
  EXPECT_THAT(RunOp("ConcatOffset", {Dim(2), Vec({2, 3}), Vec({2, 3})}, N(2)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Concat dim is out of range: 2 vs. 2")));
  EXPECT_THAT(RunOp("ConcatOffset", {Dim(0), Vec({2, 3}), Vec({2})}, N(2)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("input 1 should contain 2 elements, but got 1")));
}

TEST(ConcatOffsetOpTest, HasNoGradientAndBuilds) {
  EXPECT_TRUE(OpRegistry::Global()->Find("ConcatOffset")->no_gradient);
  Scope root = Scope::NewRootScope();
  std::vector<Output> offsets = ops::ConcatOffset(
      root, ops::Const(root, 0), {ops::Const(root, {1, 2}), ops::Const(root, {3, 2})});
  ASSERT_OK(root.status());
  ASSERT_EQ(offsets.size(), 2u);
  EXPECT_EQ(offsets[1].shape().DebugString(), "[2]");
}

}  // namespace
}  // namespace rill
