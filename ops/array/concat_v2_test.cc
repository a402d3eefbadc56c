// Tests ConcatV2: shape table (constant and unknown axis, unknown dims and ranks, errors),
// published shape values, kernel values for several dtypes and axes, runtime errors, and the
// gradient in f64 (int32 and int64 axes, an unknown batch dim).
#include <cstdint>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::InferWithValues;
using ::rill::testing::InputSpec;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunWithSpecs;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs ConcatAttrs(int n, DataType t, DataType tidx = DT_INT32) {
  return {{"N", MakeAttr(n)}, {"T", MakeAttr(t)}, {"Tidx", MakeAttr(tidx)}};
}
Tensor Axis(int32_t a) { return MakeTensor<int32_t>({}, {a}); }

// Infers ConcatV2 of float placeholders with a constant axis.
absl::StatusOr<std::vector<std::string>> Infer(const std::vector<std::string>& shapes,
                                               int32_t axis) {
  std::vector<InputSpec> in;
  for (const std::string& s : shapes) in.push_back(Ph(DT_FLOAT, s));
  in.push_back(Val(Axis(axis)));
  return InferShapesWithValues("ConcatV2", in, ConcatAttrs(shapes.size(), DT_FLOAT));
}

TEST(ConcatV2OpTest, ShapeTable) {
  EXPECT_THAT(Infer({"[2,3]", "[4,3]"}, 0), HoldsValue(ElementsAre("[6,3]")));
  EXPECT_THAT(Infer({"[2,3]", "[4,3]"}, -2), HoldsValue(ElementsAre("[6,3]")));
  EXPECT_THAT(Infer({"[2,3]", "[2,1]", "[2,0]"}, 1), HoldsValue(ElementsAre("[2,4]")));
  EXPECT_THAT(Infer({"[2,?]", "[?,3]"}, 1), HoldsValue(ElementsAre("[2,?]")));
  EXPECT_THAT(Infer({"[?,3]", "[?,3]"}, 1), HoldsValue(ElementsAre("[?,6]")));
  EXPECT_THAT(Infer({"?", "[2,3]"}, 0), HoldsValue(ElementsAre("[?,3]")));
  EXPECT_THAT(Infer({"?", "?"}, 0), HoldsValue(ElementsAre("<unknown>")));
  // Unknown axis: only the rank.
  EXPECT_THAT(InferShapesWithValues("ConcatV2",
                                    {Ph(DT_FLOAT, "[2,3]"), Ph(DT_FLOAT, "?"), Ph(DT_INT32, "[]")},
                                    ConcatAttrs(2, DT_FLOAT)),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(
      InferShapesWithValues(
          "ConcatV2", {Ph(DT_FLOAT, "[2]"), Ph(DT_FLOAT, "[3]"), Val(MakeTensor<int64_t>({}, {0}))},
          ConcatAttrs(2, DT_FLOAT, DT_INT64)),
      HoldsValue(ElementsAre("[5]")));
}

TEST(ConcatV2OpTest, ShapeErrors) {
  EXPECT_THAT(Infer({"[2,3]", "[2,4]"}, 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ConcatV2): Dimension 1 in both shapes must be "
                                 "equal, but are 3 and 4")));
  EXPECT_THAT(Infer({"[2,3]", "[2]"}, 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Shape must be rank 2 but is rank 1")));
  EXPECT_THAT(Infer({"[2,3]", "[2,3]"}, 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Expected concatenating dimensions in the range [-2, 2), but "
                                 "got 2")));
  EXPECT_THAT(Infer({"[]", "[]"}, 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Can't concatenate scalars (use tf.stack instead)")));
  EXPECT_THAT(InferShapesWithValues(
                  "ConcatV2",
                  {Ph(DT_FLOAT, "[2]"), Ph(DT_FLOAT, "[2]"), Val(MakeTensor<int32_t>({1}, {0}))},
                  ConcatAttrs(2, DT_FLOAT)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("axis must have rank 0")));
}

TEST(ConcatV2OpTest, PublishesShapeValuesAndConstants) {
  ASSERT_OK_AND_ASSIGN(auto partial, InferWithValues("ConcatV2",
                                                     {Val(MakeTensor<int32_t>({1}, {2})),
                                                      Ph(DT_INT32, "[2]"), Val(Axis(0))},
                                                     ConcatAttrs(2, DT_INT32)));
  EXPECT_EQ(partial.shape_values[0], "[2,?,?]");
  ASSERT_OK_AND_ASSIGN(auto constant,
                       InferWithValues("ConcatV2",
                                       {Val(MakeTensor<int32_t>({1}, {2})),
                                        Val(MakeTensor<int32_t>({2}, {3, 4})), Val(Axis(0))},
                                       ConcatAttrs(2, DT_INT32)));
  EXPECT_EQ(constant.values[0], "int32 [3] {2, 3, 4}");
  // Reshape(x, Concat(Shape(x)[:1], [-1]))-style code keeps the batch dim and infers the rest.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 2, 3}});
  Output y = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 6}});
  Output shape =
      ops::ConcatV2(root, {ops::Shape(root, x), ops::Const(root, {1})}, ops::Const(root, 0));
  ASSERT_OK(root.status());
  EXPECT_EQ(ops::Reshape(root, y, shape).shape().DebugString(), "[?,2,3,1]");
}

TEST(ConcatV2OpTest, Kernel) {
  const Tensor a = MakeTensor<float>({2, 2}, {1, 2, 3, 4});
  const Tensor b = MakeTensor<float>({2, 1}, {5, 6});
  ExpectOpOutput("ConcatV2", {a, b, Axis(1)}, ConcatAttrs(2, DT_FLOAT),
                 {MakeTensor<float>({2, 3}, {1, 2, 5, 3, 4, 6})});
  ExpectOpOutput("ConcatV2", {a, a, Axis(-2)}, ConcatAttrs(2, DT_FLOAT),
                 {MakeTensor<float>({4, 2}, {1, 2, 3, 4, 1, 2, 3, 4})});
  ExpectOpOutput("ConcatV2",
                 {MakeTensor<int32_t>({1}, {1}), MakeTensor<int32_t>({0}, {}),
                  MakeTensor<int32_t>({2}, {2, 3}), MakeTensor<int64_t>({}, {0})},
                 ConcatAttrs(3, DT_INT32, DT_INT64), {MakeTensor<int32_t>({3}, {1, 2, 3})});
  ExpectOpOutput(
      "ConcatV2",
      {MakeTensor<std::string>({1, 1}, {"a"}), MakeTensor<std::string>({1, 1}, {"b"}), Axis(1)},
      ConcatAttrs(2, DT_STRING), {MakeTensor<std::string>({1, 2}, {"a", "b"})});
  ExpectOpOutput(
      "ConcatV2",
      {MakeTensor<double>({1, 2, 1}, {1, 2}), MakeTensor<double>({1, 2, 2}, {3, 4, 5, 6}), Axis(2)},
      ConcatAttrs(2, DT_DOUBLE), {MakeTensor<double>({1, 2, 3}, {1, 3, 4, 2, 5, 6})});
}

TEST(ConcatV2OpTest, KernelChecksShapesOnlyKnownAtRunTime) {
  EXPECT_THAT(
      RunWithSpecs("ConcatV2", {Ph(DT_FLOAT, "[?,?]"), Ph(DT_FLOAT, "[?,?]"), Val(Axis(0))},
                   {MakeTensor<float>({1, 2}, {1, 2}), MakeTensor<float>({1, 3}, {1, 2, 3})},
                   ConcatAttrs(2, DT_FLOAT)),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (ConcatV2): ConcatOp : Dimension 1 in both shapes "
                         "must be equal: shape[0] = [1,2] vs. shape[1] = [1,3]")));
  EXPECT_THAT(RunWithSpecs("ConcatV2", {Ph(DT_FLOAT, "?"), Ph(DT_FLOAT, "?"), Val(Axis(0))},
                           {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({1, 1}, {1})},
                           ConcatAttrs(2, DT_FLOAT)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Ranks of all input tensors should match")));
}

TEST(ConcatV2OpTest, Gradient) {
  GradientCheckOptions constant_axis;
  constant_axis.const_inputs = {2};
  EXPECT_OK(CheckOpGradients("ConcatV2",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1),
                              RandomTensor(DT_DOUBLE, TensorShape({1, 3}), 2), Axis(0)},
                             ConcatAttrs(2, DT_DOUBLE), constant_axis));
  constant_axis.const_inputs = {3};
  EXPECT_OK(CheckOpGradients(
      "ConcatV2",
      {RandomTensor(DT_DOUBLE, TensorShape({2, 1}), 3),
       RandomTensor(DT_DOUBLE, TensorShape({2, 2}), 4),
       RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 5), MakeTensor<int64_t>({}, {-1})},
      ConcatAttrs(3, DT_DOUBLE, DT_INT64), constant_axis));
  // A fed axis (int32 and int64: the latter is narrowed with Cast) and an unknown batch dim.
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 2})}, {1, PartialShape({-1, 1})}};
  EXPECT_OK(CheckOpGradients("ConcatV2",
                             {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 6),
                              RandomTensor(DT_DOUBLE, TensorShape({3, 1}), 7), Axis(1)},
                             ConcatAttrs(2, DT_DOUBLE), unknown_batch));
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 2})}, {1, PartialShape({-1, 2})}};
  EXPECT_OK(CheckOpGradients(
      "ConcatV2",
      {RandomTensor(DT_DOUBLE, TensorShape({1, 2}), 8),
       RandomTensor(DT_DOUBLE, TensorShape({2, 2}), 9), MakeTensor<int64_t>({}, {0})},
      ConcatAttrs(2, DT_DOUBLE, DT_INT64), unknown_batch));
}

TEST(ConcatV2OpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 2}});
  Output b = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 3}});
  Output c = ops::ConcatV2(root, {a, b}, ops::Const(root, int64_t{1}));
  ASSERT_OK(root.status());
  EXPECT_EQ(c.shape().DebugString(), "[?,5]");
  EXPECT_EQ(c.node()->attrs().at("Tidx").type(), DT_INT64);
  EXPECT_EQ(c.node()->attrs().at("N").i(), 2);
}

}  // namespace
}  // namespace rill
