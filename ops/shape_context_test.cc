// Tests ShapeContext accessors and that outputs start unknown.
#include "ops/shape_context.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

TEST(ShapeContextTest, InputsAttrsAndOutputs) {
  AttrMap attrs;
  attrs["k"].set_i(7);
  ShapeContext c("n", "Op", AttrSlice(attrs, nullptr), {DT_FLOAT, DT_INT32},
                 {PartialShape({2, 3}), PartialShape::Scalar()}, {DT_FLOAT, DT_BOOL});
  EXPECT_EQ(c.node_name(), "n");
  EXPECT_EQ(c.op(), "Op");
  EXPECT_EQ(c.num_inputs(), 2);
  EXPECT_EQ(c.input(0).DebugString(), "[2,3]");
  EXPECT_EQ(c.input_dtype(1), DT_INT32);
  EXPECT_EQ(c.num_outputs(), 2);
  EXPECT_EQ(c.output_dtype(1), DT_BOOL);
  EXPECT_FALSE(c.output(0).rank_known());  // outputs start unknown
  c.set_output(1, PartialShape({4}));
  EXPECT_EQ(c.outputs()[1].DebugString(), "[4]");
  EXPECT_EQ(*c.attrs().GetInt("k"), 7);
}

TEST(ShapeContextTest, ConstantInputsAndShapeTensors) {
  AttrMap attrs;
  ShapeContext c("n", "Op", AttrSlice(attrs, nullptr), {DT_INT32, DT_INT64, DT_INT32, DT_INT32},
                 {PartialShape({3}), PartialShape({2}), PartialShape({-1}), PartialShape({2, 2})},
                 {DT_FLOAT});
  EXPECT_EQ(c.input_tensor(0), nullptr);
  absl::StatusOr<Tensor> dims = Tensor::FromVector<int32_t>({2, -1, 4}, TensorShape({3}));
  ASSERT_TRUE(dims.ok());
  const PartialShape published({-1, 5});
  c.set_input_value(0, &*dims, nullptr);
  c.set_input_value(1, nullptr, &published);
  EXPECT_EQ(c.input_tensor(0), &*dims);
  // A constant: -1 entries are unknown dims.
  EXPECT_EQ(c.MakeShapeFromShapeTensor(0)->DebugString(), "[2,?,4]");
  // A published shape value (e.g. from Shape of a partial shape).
  EXPECT_EQ(c.MakeShapeFromShapeTensor(1)->DebugString(), "[?,5]");
  // Unknown length: unknown rank. A matrix is an error.
  EXPECT_EQ(c.MakeShapeFromShapeTensor(2)->DebugString(), "<unknown>");
  EXPECT_FALSE(c.MakeShapeFromShapeTensor(3).ok());
  absl::StatusOr<Tensor> bad = Tensor::FromVector<int32_t>({2, -5}, TensorShape({2}));
  ASSERT_TRUE(bad.ok());
  c.set_input_value(0, &*bad, nullptr);
  EXPECT_EQ(c.MakeShapeFromShapeTensor(0).status().code(), absl::StatusCode::kInvalidArgument);
  // Outputs can publish values for consumers.
  c.set_output_tensor(0, *dims);
  c.set_output_shape_value(0, published);
  EXPECT_TRUE(c.output_tensors()[0].valid());
  EXPECT_EQ(c.output_shape_values()[0]->DebugString(), "[?,5]");
}

TEST(ShapeContextTest, RankOnlyFromAKnownLength) {
  AttrMap attrs;
  ShapeContext c("n", "Op", AttrSlice(attrs, nullptr), {DT_INT32}, {PartialShape({3})}, {DT_FLOAT});
  EXPECT_EQ(c.MakeShapeFromShapeTensor(0)->DebugString(), "[?,?,?]");
}

}  // namespace
}  // namespace rill
