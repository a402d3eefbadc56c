// Tests StridedSlice against hand-worked numpy/TensorFlow slices of x = arange(24).reshape(2,3,4)
// (masks, ellipsis, new axes, shrinking, negative indices and strides, clamping, empty results),
// with fed and with constant specs (so the shape function's result is checked by the executor),
// the shape table with unknown dims/ranks, TensorFlow's errors, shape values, and the gradient.
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/array_util.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor V(std::vector<int32_t> v) {
  return MakeTensor<int32_t>({static_cast<int64_t>(v.size())}, v);
}

OpAttrs Masks(int64_t begin, int64_t end, int64_t ellipsis = 0, int64_t new_axis = 0,
              int64_t shrink = 0) {
  return {{"begin_mask", MakeAttr(begin)},
          {"end_mask", MakeAttr(end)},
          {"ellipsis_mask", MakeAttr(ellipsis)},
          {"new_axis_mask", MakeAttr(new_axis)},
          {"shrink_axis_mask", MakeAttr(shrink)}};
}

Tensor Arange24() {
  std::vector<int32_t> v(24);
  std::iota(v.begin(), v.end(), 0);
  return MakeTensor<int32_t>({2, 3, 4}, v);
}

struct SliceCase {
  std::string python;  // the slice, as written in Python
  std::vector<int32_t> begin, end, strides;
  OpAttrs masks;
  Tensor expected;
};

std::vector<SliceCase> Cases() {
  std::vector<int32_t> second(12);
  std::iota(second.begin(), second.end(), 12);
  std::vector<int32_t> reversed_rows;  // every row of 4 reversed: 3 2 1 0, 7 6 5 4, ...
  for (int32_t row = 0; row < 6; ++row) {
    for (int32_t k = 3; k >= 0; --k) reversed_rows.push_back(row * 4 + k);
  }
  return {
      {"x[1]", {1}, {2}, {1}, Masks(0, 0, 0, 0, 1), MakeTensor<int32_t>({3, 4}, second)},
      {"x[:, 1:3]",
       {0, 1},
       {0, 3},
       {1, 1},
       Masks(1, 1),
       MakeTensor<int32_t>({2, 2, 4}, {4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23})},
      {"x[0, 0, ::-1]",
       {0, 0, 0},
       {1, 1, 0},
       {1, 1, -1},
       Masks(4, 4, 0, 0, 3),
       MakeTensor<int32_t>({4}, {3, 2, 1, 0})},
      {"x[..., ::-1]",
       {0, 0},
       {0, 0},
       {1, -1},
       Masks(2, 2, 1),
       MakeTensor<int32_t>({2, 3, 4}, reversed_rows)},
      {"x[-1, -1, -1]",
       {-1, -1, -1},
       {0, 0, 0},
       {1, 1, 1},
       Masks(0, 0, 0, 0, 7),
       MakeTensor<int32_t>({}, {23})},
      {"x[tf.newaxis, 0, ..., 1]",
       {0, 0, 0, 1},
       {0, 1, 0, 2},
       {1, 1, 1, 1},
       Masks(0, 0, 4, 1, 10),
       MakeTensor<int32_t>({1, 3}, {1, 5, 9})},
      {"x[:, ::2, 3:0:-2]",
       {0, 0, 3},
       {0, 0, 0},
       {1, 2, -2},
       Masks(3, 3),
       MakeTensor<int32_t>({2, 2, 2}, {3, 1, 11, 9, 15, 13, 23, 21})},
      {"x[0, 1:100]",
       {0, 1},
       {1, 100},
       {1, 1},
       Masks(0, 0, 0, 0, 1),
       MakeTensor<int32_t>({2, 4}, {4, 5, 6, 7, 8, 9, 10, 11})},
      {"x[0, ::-1, 0]",
       {0, 0, 0},
       {1, 0, 1},
       {1, -1, 1},
       Masks(2, 2, 0, 0, 5),
       MakeTensor<int32_t>({3}, {8, 4, 0})},
      {"x[1:1]", {1}, {1}, {1}, Masks(0, 0), MakeTensor<int32_t>({0, 3, 4}, {})},
      {"x[0:2:-1]", {0}, {2}, {-1}, Masks(0, 0), MakeTensor<int32_t>({0, 3, 4}, {})},
      {"x[0, ..., tf.newaxis]",
       {0, 0, 0},
       {1, 0, 0},
       {1, 1, 1},
       Masks(0, 0, 2, 4, 1),
       MakeTensor<int32_t>({3, 4, 1}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})},
      {"x[0, ..., 2]",
       {0, 0, 2},
       {1, 0, 3},
       {1, 1, 1},
       Masks(0, 0, 2, 0, 5),
       MakeTensor<int32_t>({3}, {2, 6, 10})},
      {"x[-5:-2:1, -2:] (clamped)",
       {-5, -2},
       {-2, 0},
       {1, 1},
       Masks(0, 2),
       MakeTensor<int32_t>({0, 2, 4}, {})},
      {"x[1, -2:, -3:-1]",
       {1, -2, -3},
       {2, 0, -1},
       {1, 1, 1},
       Masks(0, 2, 0, 0, 1),
       MakeTensor<int32_t>({2, 2}, {17, 18, 21, 22})},
  };
}

TEST(StridedSliceOpTest, KernelMatchesNumpySlicing) {
  for (const SliceCase& c : Cases()) {
    SCOPED_TRACE(c.python);
    ExpectOpOutput("StridedSlice", {Arange24(), V(c.begin), V(c.end), V(c.strides)}, c.masks,
                   {c.expected});
    // Constant spec: the shape function computes the output shape, which the executor checks
    // against the kernel's result.
    absl::StatusOr<std::vector<Tensor>> out =
        RunOpWithConstInputs("StridedSlice", {Arange24(), V(c.begin), V(c.end), V(c.strides)},
                             {false, true, true, true}, c.masks);
    ASSERT_OK(out.status());
    EXPECT_THAT((*out)[0], testing::TensorEq(c.expected));
  }
}

TEST(StridedSliceOpTest, AllMaskBitsAndOtherDtypes) {
  // begin_mask = end_mask = -1 (every bit, as Python passes for x[:]) takes everything.
  ExpectOpOutput("StridedSlice", {MakeTensor<float>({3}, {1, 2, 3}), V({7}), V({-7}), V({1})},
                 Masks(-1, -1), {MakeTensor<float>({3}, {1, 2, 3})});
  ExpectOpOutput("StridedSlice",
                 {MakeTensor<std::string>({3}, {"a", "b", "c"}), MakeTensor<int64_t>({1}, {-1}),
                  MakeTensor<int64_t>({1}, {0}), MakeTensor<int64_t>({1}, {-1})},
                 Masks(0, 1), {MakeTensor<std::string>({3}, {"c", "b", "a"})});
  ExpectOpOutput("StridedSlice",
                 {MakeTensor<double>({2, 2}, {1, 2, 3, 4}), V({0, 1}), V({2, 2}), V({1, 1})},
                 Masks(0, 0, 0, 0, 2), {MakeTensor<double>({2}, {2, 4})});
}

TEST(StridedSliceOpTest, Errors) {
  struct ErrorCase {
    std::vector<int32_t> begin, end, strides;
    OpAttrs masks;
    std::string message;
  };
  for (const ErrorCase& c : std::vector<ErrorCase>{
           {{5}, {6}, {1}, Masks(0, 0, 0, 0, 1), "slice index 5 of dimension 0 out of bounds."},
           {{-3}, {-2}, {1}, Masks(0, 0, 0, 0, 1), "slice index -1 of dimension 0 out of bounds."},
           {{0, 0}, {1, 1}, {1, 0}, Masks(0, 0), "strides[1] must be non-zero"},
           {{0, 0}, {0, 0}, {1, 1}, Masks(0, 0, 3), "Multiple ellipses in slice spec not allowed"},
           {{0, 0, 0, 0},
            {1, 1, 1, 1},
            {1, 1, 1, 1},
            Masks(0, 0),
            "Index out of range using input dim 3; input has only 3 dims"},
           {{1}, {0}, {-1}, Masks(0, 0, 0, 0, 1), "only stride 1 allowed on non-range indexing."},
       }) {
    SCOPED_TRACE(c.message);
    // Fed spec: the kernel reports it; constant spec: the shape function does.
    EXPECT_THAT(RunOp("StridedSlice", {Arange24(), V(c.begin), V(c.end), V(c.strides)}, c.masks),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("node 'op' (StridedSlice): " + c.message)));
    EXPECT_THAT(
        InferShapesWithValues(
            "StridedSlice",
            {Ph(DT_INT32, "[2,3,4]"), Val(V(c.begin)), Val(V(c.end)), Val(V(c.strides))}, c.masks),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
  EXPECT_THAT(InferShapesWithValues("StridedSlice", {Ph(DT_INT32, "[2]"), Ph(DT_INT32, "[1]"),
                                                     Ph(DT_INT32, "[2]"), Ph(DT_INT32, "[1]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("same length")));
  EXPECT_THAT(RunOp("StridedSlice", {Arange24(), V({0}), V({1, 1}), V({1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("begin, end and strides must have the same length, got [1], "
                                 "[2] and [1]")));
}

TEST(StridedSliceOpTest, ShapeTableWithUnknowns) {
  auto infer = [](const std::string& in, std::vector<testing::InputSpec> spec, OpAttrs masks) {
    spec.insert(spec.begin(), Ph(DT_FLOAT, in));
    return InferShapesWithValues("StridedSlice", spec, masks);
  };
  // x[1] and x[:, 1:3] on [?,3,4].
  EXPECT_THAT(infer("[?,3,4]", {Val(V({1})), Val(V({2})), Val(V({1}))}, Masks(0, 0, 0, 0, 1)),
              HoldsValue(ElementsAre("[3,4]")));
  EXPECT_THAT(infer("[?,3,4]", {Val(V({0, 1})), Val(V({0, 3})), Val(V({1, 1}))}, Masks(1, 1)),
              HoldsValue(ElementsAre("[?,2,4]")));
  // Unknown begin/end: masked full dims and the untouched dims stay known.
  EXPECT_THAT(
      infer("[2,3,4]", {Ph(DT_INT32, "[2]"), Ph(DT_INT32, "[2]"), Val(V({1, 1}))}, Masks(1, 1)),
      HoldsValue(ElementsAre("[2,?,4]")));
  EXPECT_THAT(infer("[2,3,4]", {Ph(DT_INT32, "[2]"), Ph(DT_INT32, "[2]"), Val(V({1, -1}))},
                    Masks(0, 0, 0, 0, 1)),
              HoldsValue(ElementsAre("[?,4]")));
  // Unknown strides, unknown spec length, or unknown input rank: unknown.
  EXPECT_THAT(infer("[2,3,4]", {Val(V({0})), Val(V({1})), Ph(DT_INT32, "[1]")}, Masks(0, 0)),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(infer("?", {Val(V({0})), Val(V({1})), Val(V({1}))}, Masks(0, 0)),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(
      infer("[2,3]", {Ph(DT_INT32, "[?]"), Ph(DT_INT32, "[?]"), Ph(DT_INT32, "[?]")}, Masks(0, 0)),
      HoldsValue(ElementsAre("<unknown>")));
}

TEST(StridedSliceOpTest, SlicesOfShapesArePublished) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 3, 4}});
  Output shape = ops::Shape(root, x);
  Output dim1 = ops::StridedSlice(root, shape, ops::Const(root, {1}), ops::Const(root, {2}),
                                  ops::Const(root, {1}), {.shrink_axis_mask = 1});
  Output dim0 = ops::StridedSlice(root, shape, ops::Const(root, {0}), ops::Const(root, {1}),
                                  ops::Const(root, {1}), {.shrink_axis_mask = 1});
  Output tail = ops::StridedSlice(root, shape, ops::Const(root, {1}), ops::Const(root, {0}),
                                  ops::Const(root, {1}), {.end_mask = 1});
  Output y = ops::Placeholder(root, DT_FLOAT, {.shape = {-1}});
  Output reshaped = ops::Reshape(root, y, tail);
  ASSERT_OK(root.status());
  const Tensor* known = array_util::KnownValue(root, dim1);
  ASSERT_NE(known, nullptr);  // tf.shape(x)[1] is 3 while building
  EXPECT_EQ(known->DebugString(), "int32 [] {3}");
  EXPECT_EQ(array_util::KnownValue(root, dim0), nullptr);
  EXPECT_EQ(reshaped.shape().DebugString(), "[3,4]");
}

TEST(StridedSliceOpTest, Gradient) {
  GradientCheckOptions constant;
  constant.const_inputs = {1, 2, 3};
  uint64_t seed = 1;
  for (const SliceCase& c : Cases()) {
    SCOPED_TRACE(c.python);
    EXPECT_OK(CheckOpGradients("StridedSlice",
                               {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 4}), seed++), V(c.begin),
                                V(c.end), V(c.strides)},
                               c.masks, constant));
  }
  // Fed spec and an unknown batch dim: x[:, 1:, ::-1].
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 3, 4})}};
  EXPECT_OK(CheckOpGradients(
      "StridedSlice",
      {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 4}), 99), MakeTensor<int64_t>({3}, {0, 1, 0}),
       MakeTensor<int64_t>({3}, {0, 0, 0}), MakeTensor<int64_t>({3}, {1, 1, -1})},
      Masks(5, 7), unknown_batch));
}

}  // namespace
}  // namespace rill
