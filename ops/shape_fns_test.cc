// Tests the shared shape functions: unchanged, scalar, broadcast, matmul, rank helpers.
#include "ops/shape_fns.h"

#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::shape_fns {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

ShapeContext Context(std::vector<PartialShape> inputs, const AttrMap& attrs, int outputs = 1) {
  std::vector<DataType> dtypes(inputs.size(), DT_FLOAT);
  return ShapeContext("n", "Op", AttrSlice(attrs, nullptr), dtypes, std::move(inputs),
                      std::vector<DataType>(outputs, DT_FLOAT));
}

TEST(ShapeFnsTest, UnchangedScalarNoOutputs) {
  AttrMap none;
  ShapeContext c = Context({PartialShape({2, -1})}, none);
  ASSERT_OK(UnchangedShape(c));
  EXPECT_EQ(c.output(0).DebugString(), "[2,?]");
  ASSERT_OK(ScalarShape(c));
  EXPECT_EQ(c.output(0).DebugString(), "[]");
  ShapeContext zero = Context({}, none, 0);
  EXPECT_OK(NoOutputs(zero));
  EXPECT_THAT(NoOutputs(c), StatusIs(absl::StatusCode::kInternal, HasSubstr("1 outputs")));
}

TEST(ShapeFnsTest, Broadcast) {
  AttrMap none;
  ShapeContext c = Context({PartialShape({2, 1, 3}), PartialShape({4, 1})}, none);
  ASSERT_OK(BroadcastBinaryShape(c));
  EXPECT_EQ(c.output(0).DebugString(), "[2,4,3]");
  ShapeContext bad = Context({PartialShape({2, 3}), PartialShape({4})}, none);
  EXPECT_THAT(BroadcastBinaryShape(bad),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "incompatible shapes for broadcasting: [2,3] vs [4]"));
}

TEST(ShapeFnsTest, MatMul) {
  AttrMap attrs;
  attrs["transpose_a"].set_b(false);
  attrs["transpose_b"].set_b(true);
  ShapeContext c = Context({PartialShape({2, 3}), PartialShape({5, 3})}, attrs);
  ASSERT_OK(MatMulShape(c));
  EXPECT_EQ(c.output(0).DebugString(), "[2,5]");
  ShapeContext unknown = Context({PartialShape(), PartialShape({-1, 3})}, attrs);
  ASSERT_OK(MatMulShape(unknown));
  EXPECT_EQ(unknown.output(0).DebugString(), "[?,?]");
  ShapeContext bad = Context({PartialShape({2, 3}), PartialShape({5, 4})}, attrs);
  EXPECT_THAT(
      MatMulShape(bad),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(
                   "inner dims 3 vs 4 (a: [2,3], b: [5,4], transpose_a=false, transpose_b=true)")));
  AttrMap missing;
  ShapeContext no_attrs = Context({PartialShape({2, 3}), PartialShape({3, 4})}, missing);
  EXPECT_THAT(MatMulShape(no_attrs),
              StatusIs(absl::StatusCode::kInvalidArgument, "missing attr 'transpose_a'"));
}

TEST(ShapeFnsTest, WithRankAndDimOrUnknown) {
  EXPECT_THAT(WithRank(PartialShape({1, 2, 3}), 2, "a"),
              StatusIs(absl::StatusCode::kInvalidArgument, "a must have rank 2, got [1,2,3]"));
  ASSERT_OK_AND_ASSIGN(PartialShape s, WithRank(PartialShape(), 3, "x"));
  EXPECT_EQ(s.DebugString(), "[?,?,?]");
  EXPECT_EQ(DimOrUnknown(PartialShape(), 0), -1);
  EXPECT_EQ(DimOrUnknown(PartialShape({7}), 0), 7);
}

TEST(ShapeFnsTest, ForwardInputShapeAndValue) {
  AttrMap none;
  absl::StatusOr<Tensor> value = Tensor::FromVector<int32_t>({4, 5}, TensorShape({2}));
  ASSERT_OK(value.status());
  const PartialShape shape_value({-1, 5});
  ShapeContext c = Context({PartialShape({2})}, none);
  c.set_input_value(0, &*value, &shape_value);
  ASSERT_OK(ForwardInputShapeAndValue(c));
  EXPECT_EQ(c.output(0).DebugString(), "[2]");
  EXPECT_TRUE(c.output_tensors()[0].BitwiseEqual(*value));
  EXPECT_EQ(c.output_shape_values()[0]->DebugString(), "[?,5]");
  ShapeContext plain = Context({PartialShape({3})}, none);
  ASSERT_OK(ForwardInputShapeAndValue(plain));
  EXPECT_FALSE(plain.output_tensors()[0].valid());
  EXPECT_FALSE(plain.output_shape_values()[0].has_value());
}

TEST(ShapeFnsTest, ReductionShape) {
  AttrMap keep;
  keep["keep_dims"].set_b(true);
  AttrMap drop;
  drop["keep_dims"].set_b(false);
  absl::StatusOr<Tensor> axes = Tensor::FromVector<int32_t>({-1}, TensorShape({1}));
  ASSERT_OK(axes.status());
  ShapeContext known = Context({PartialShape({2, -1, 3}), PartialShape({1})}, drop);
  known.set_input_value(1, &*axes, nullptr);
  ASSERT_OK(ReductionShape(known));
  EXPECT_EQ(known.output(0).DebugString(), "[2,?]");
  ShapeContext kept = Context({PartialShape({2, -1, 3}), PartialShape({1})}, keep);
  kept.set_input_value(1, &*axes, nullptr);
  ASSERT_OK(ReductionShape(kept));
  EXPECT_EQ(kept.output(0).DebugString(), "[2,?,1]");
  ShapeContext unknown_axes = Context({PartialShape({2, 3}), PartialShape({1})}, keep);
  ASSERT_OK(ReductionShape(unknown_axes));
  EXPECT_EQ(unknown_axes.output(0).DebugString(), "[?,?]");
  ShapeContext unknown_drop = Context({PartialShape({2, 3}), PartialShape({1})}, drop);
  ASSERT_OK(ReductionShape(unknown_drop));
  EXPECT_EQ(unknown_drop.output(0).DebugString(), "<unknown>");
  absl::StatusOr<Tensor> bad = Tensor::FromVector<int32_t>({2}, TensorShape({1}));
  ASSERT_OK(bad.status());
  ShapeContext out_of_range = Context({PartialShape({2, 3}), PartialShape({1})}, drop);
  out_of_range.set_input_value(1, &*bad, nullptr);
  EXPECT_THAT(ReductionShape(out_of_range),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid reduction axis 2 for input of rank 2")));
  ShapeContext matrix_axes = Context({PartialShape({2, 3}), PartialShape({1, 1})}, drop);
  EXPECT_THAT(ReductionShape(matrix_axes),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar or vector")));
}

}  // namespace
}  // namespace rill::shape_fns
