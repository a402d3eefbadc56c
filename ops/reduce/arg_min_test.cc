// Tests ArgMin: signature, shape table (constant/unknown dimension, unknown rank, errors), the
// kernel for every dtype and output_type (ties, NaN, negative and int64 axes, empty axis error),
// and that it is registered without a gradient.
#include <cstdint>
#include <limits>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn/testing/const_input_shapes.h"
#include "ops/op_registry.h"
#include "ops/reduce_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithConsts;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::RunOp;
using ::rill::testing::ShapeInput;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Dim(int32_t d) { return MakeTensor<int32_t>({}, {d}); }

TEST(ArgMinOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("ArgMin");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "ArgMin(input: T, dimension: Tidx) -> (output: output_type); attrs: T: {float, "
            "double, int32, int64, uint8, bool}, Tidx: {int32, int64} = int32, output_type: "
            "{int32, int64} = int64");
  EXPECT_TRUE(op->no_gradient);
}

TEST(ArgMinOpTest, ShapeTable) {
  const ShapeInput x{DT_FLOAT, "[2,?,4]"};
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {x, Dim(0)}), HoldsValue(ElementsAre("[?,4]")));
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {x, Dim(-1)}), HoldsValue(ElementsAre("[2,?]")));
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {x, MakeTensor<int64_t>({}, {1})}),
              HoldsValue(ElementsAre("[2,4]")));
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {ShapeInput{DT_INT32, "[5]"}, Dim(0)}),
              HoldsValue(ElementsAre("[]")));
  // Unknown dimension value: rank - 1 unknown dims; unknown rank: unknown.
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {x, ShapeInput{DT_INT32, "[]"}}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {ShapeInput{DT_FLOAT, "?"}, Dim(3)}),
              HoldsValue(ElementsAre("<unknown>")));
  // Errors.
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {x, Dim(3)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ArgMin): invalid dimension 3 for input of rank 3")));
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {ShapeInput{DT_FLOAT, "[]"}, Dim(0)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rank 0")));
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {x, ShapeInput{DT_INT32, "[1]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("dimension must be a scalar, got [1]")));
  EXPECT_THAT(InferShapesWithConsts("ArgMin", {ShapeInput{DT_STRING, "[2]"}, Dim(0)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is string")));
}

TEST(ArgMinOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 10}});
  Output a = ops::ArgMin(root, x, ops::Const(root, 1));
  Output b = ops::ArgMin(root, x, ops::Const(root, 1), {.output_type = DT_INT32});
  ASSERT_OK(root.status());
  EXPECT_EQ(a.dtype(), DT_INT64);
  EXPECT_EQ(b.dtype(), DT_INT32);
  EXPECT_EQ(a.shape().DebugString(), "[?]");
}

TEST(ArgMinOpTest, KernelEveryDtype) {
  // [[1, 5, 3], [7, -2, 7]]; ties keep the first index (the int32 case).
  const Tensor x = MakeTensor<float>({2, 3}, {1, 5, 3, 7, -2, 7});
  EXPECT_THAT(RunOp("ArgMin", {x, Dim(1)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({2}, {0, 1})))));
  EXPECT_THAT(RunOp("ArgMin", {x, Dim(0)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({3}, {0, 1, 0})))));
  EXPECT_THAT(RunOp("ArgMin", {x, MakeTensor<int64_t>({}, {-1})},
                    {{"output_type", MakeAttr(DT_INT32)}}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({2}, {0, 1})))));
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<double>({4}, {-1e300, -1e301, 0.5, 0.25}), Dim(0)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {1})))));
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<int32_t>({4}, {-5, -9, 3, -9}), Dim(0)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {1})))));
  EXPECT_THAT(
      RunOp("ArgMin", {MakeTensor<int64_t>({2}, {int64_t{1} << 40, (int64_t{1} << 40) + 1}),
                       Dim(0)}),
      HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {0})))));
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<uint8_t>({2, 2}, {0, 255, 9, 8}), Dim(1)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({2}, {0, 1})))));
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<bool>({3}, {true, false, false}), Dim(0)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {1})))));
  // A 3-D input along the middle axis.
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<float>({2, 2, 2}, {0, 9, 1, 2, 5, 0, 4, 6}), Dim(1)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({2, 2}, {0, 1, 1, 0})))));
}

TEST(ArgMinOpTest, KernelEdgeCases) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // NaN wins (the first one), as NumPy; infinities compare normally.
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<float>({4}, {1, nan, inf, nan}), Dim(0)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {1})))));
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<float>({3}, {inf, -inf, 2}), Dim(0)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {1})))));
  // An empty reduced axis has no answer (TensorFlow: InvalidArgument); other empty dims are fine.
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<float>({2, 0}, {}), Dim(1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ArgMin): reduction axis 1 is empty in shape [2,0]")));
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<float>({0, 3}, {}), Dim(1)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({0}, {})))));
  // A fed dimension is checked by the kernel.
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<float>({2}, {1, 2}), Dim(1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ArgMin): invalid dimension 1 for input of rank 1")));
  EXPECT_THAT(RunOp("ArgMin", {MakeTensor<float>({2}, {1, 2}), MakeTensor<int32_t>({1}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be a scalar")));
}

}  // namespace
}  // namespace rill
