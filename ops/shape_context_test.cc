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

}  // namespace
}  // namespace rill
