// Tests the reduction helpers: axis values, the ArgMax shape function's corner cases, known
// values, static plans and the kept-dims reshape of gradients (static and dynamic shapes).
#include "ops/reduce/reduction_util.h"

#include <cstdint>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::reduce {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ReductionUtilTest, AxisValues) {
  EXPECT_THAT(AxisValues(MakeTensor<int32_t>({2}, {1, -1})), HoldsValue(ElementsAre(1, -1)));
  EXPECT_THAT(AxisValues(MakeTensor<int64_t>({}, {int64_t{1} << 33})),
              HoldsValue(ElementsAre(int64_t{1} << 33)));
  EXPECT_THAT(AxisValues(MakeTensor<int32_t>({0}, {})), HoldsValue(ElementsAre()));
  EXPECT_THAT(AxisValues(MakeTensor<int32_t>({1, 1}, {0})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("reduction axes must be a scalar or vector, got [1,1]")));
  EXPECT_THAT(AxisValues(MakeTensor<float>({1}, {0})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("int32 or int64, got float")));
}

TEST(ReductionUtilTest, KnownValueAndStaticPlan) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {2, 3, 4}});
  Output unknown_batch = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 3}});
  Output axes = ops::Const(root, {0, 2});
  Output fed_axes = ops::Placeholder(root, DT_INT32, {.shape = {2}});
  ASSERT_OK(root.status());
  const Tensor* value = KnownValue(root, axes);
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->ToVector<int32_t>(), (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(KnownValue(root, fed_axes), nullptr);
  EXPECT_EQ(KnownValue(root, Output()), nullptr);

  std::optional<ReductionPlan> plan = StaticReductionPlan(root, x, axes);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->kept_shape.DebugString(), "[1,3,1]");
  EXPECT_EQ(plan->reduced_count, 8);
  EXPECT_FALSE(StaticReductionPlan(root, x, fed_axes).has_value());
  EXPECT_FALSE(StaticReductionPlan(root, unknown_batch, ops::Const(root, 1)).has_value());
}

TEST(ReductionUtilTest, ReshapeToKeptDims) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_DOUBLE, {.shape = {2, 3, 4}});
  Output dy = ops::Placeholder(root, DT_DOUBLE, {.shape = {3}});
  Output axes = ops::Const(root, {0, -1});
  // keep_dims: nothing to do.
  Output same = ReshapeToKeptDims(root, dy, x, axes, /*keep_dims=*/true);
  EXPECT_EQ(same.node(), dy.node());
  // Static: a Reshape to a constant [1,3,1].
  Output kept = ReshapeToKeptDims(root, dy, x, axes, /*keep_dims=*/false);
  ASSERT_OK(root.status());
  EXPECT_EQ(kept.node()->op(), "Reshape");
  EXPECT_EQ(kept.shape().DebugString(), "[1,3,1]");
  // Unknown batch: the kept shape comes from Shape(Sum(x, axes, keep_dims)), known in rank.
  Output batch = ops::Placeholder(root, DT_DOUBLE, {.shape = {-1, 3}});
  Output dy_batch = ops::Placeholder(root, DT_DOUBLE, {.shape = {-1}});
  Output dynamic = ReshapeToKeptDims(root, dy_batch, batch, ops::Const(root, 1), false);
  ASSERT_OK(root.status());
  EXPECT_EQ(dynamic.node()->op(), "Reshape");
  EXPECT_EQ(dynamic.shape().DebugString(), "[?,1]");
}

}  // namespace
}  // namespace rill::reduce
