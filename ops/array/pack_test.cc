// Tests Pack: shape table (merging, axes, unknown dims and ranks, errors), published shape
// values, kernel values for several dtypes and axes, runtime errors, and the gradient in f64.
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
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::InferWithValues;
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

OpAttrs PackAttrs(int n, DataType t, int64_t axis = 0) {
  return {{"N", MakeAttr(n)}, {"T", MakeAttr(t)}, {"axis", MakeAttr(axis)}};
}

TEST(PackOpTest, ShapeTable) {
  struct Case {
    std::vector<std::string> in;
    int64_t axis;
    std::string out;
  };
  for (const Case& c : std::vector<Case>{{{"[2,3]", "[2,3]", "[2,3]"}, 0, "[3,2,3]"},
                                         {{"[2,3]", "[2,3]", "[2,3]"}, 1, "[2,3,3]"},
                                         {{"[2,3]", "[2,3]", "[2,3]"}, -1, "[2,3,3]"},
                                         {{"[2,3]", "[2,3]", "[2,3]"}, -3, "[3,2,3]"},
                                         {{"[?,3]", "[2,?]"}, 0, "[2,2,3]"},
                                         {{"?", "[?,4]"}, 2, "[?,4,2]"},
                                         {{"?", "?"}, 0, "<unknown>"},
                                         {{"[]", "[]", "[]", "[]"}, 0, "[4]"},
                                         {{"[5]"}, 0, "[1,5]"}}) {
    SCOPED_TRACE(c.out);
    std::vector<testing::ShapeInput> inputs;
    for (const std::string& s : c.in) inputs.push_back({DT_FLOAT, s});
    EXPECT_THAT(InferOpShapes("Pack", inputs, PackAttrs(c.in.size(), DT_FLOAT, c.axis)),
                HoldsValue(ElementsAre(c.out)));
  }
}

TEST(PackOpTest, ShapeErrors) {
  EXPECT_THAT(InferOpShapes("Pack", {{DT_FLOAT, "[2]"}, {DT_FLOAT, "[3]"}}, PackAttrs(2, DT_FLOAT)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Pack): From merging shape 0 with other shapes")));
  EXPECT_THAT(
      InferOpShapes("Pack", {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[2,3]"}}, PackAttrs(2, DT_FLOAT, 3)),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("Invalid axis: 3; must be in [-3,3)")));
  EXPECT_THAT(InferOpShapes("Pack", {{DT_FLOAT, "[2]"}, {DT_INT32, "[2]"}}, PackAttrs(2, DT_FLOAT)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 1")));
}

TEST(PackOpTest, PublishesShapeValuesAndConstants) {
  // Pack({2, <unknown>}) describes the shape [2,?]; two constants fold to a constant.
  ASSERT_OK_AND_ASSIGN(
      auto partial, InferWithValues("Pack", {Val(MakeTensor<int32_t>({}, {2})), Ph(DT_INT32, "[]")},
                                    PackAttrs(2, DT_INT32)));
  EXPECT_EQ(partial.shape_values[0], "[2,?]");
  EXPECT_EQ(partial.values[0], "");
  ASSERT_OK_AND_ASSIGN(auto constant, InferWithValues("Pack",
                                                      {Val(MakeTensor<int64_t>({}, {2})),
                                                       Val(MakeTensor<int64_t>({}, {-1}))},
                                                      PackAttrs(2, DT_INT64)));
  EXPECT_EQ(constant.values[0], "int64 [2] {2, -1}");
  // Used by Reshape: Reshape(x, Pack({batch, 3})) keeps the known 3.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 6}});
  Output batch = ops::Placeholder(root, DT_INT32, {.shape = PartialShape::Scalar()});
  Output y =
      ops::Reshape(root, x, ops::Pack(root, {batch, ops::Const(root, 3), ops::Const(root, 2)}));
  ASSERT_OK(root.status());
  EXPECT_EQ(y.shape().DebugString(), "[?,3,2]");
}

TEST(PackOpTest, Kernel) {
  const Tensor a = MakeTensor<float>({2}, {1, 2});
  const Tensor b = MakeTensor<float>({2}, {3, 4});
  ExpectOpOutput("Pack", {a, b}, PackAttrs(2, DT_FLOAT), {MakeTensor<float>({2, 2}, {1, 2, 3, 4})});
  ExpectOpOutput("Pack", {a, b}, PackAttrs(2, DT_FLOAT, 1),
                 {MakeTensor<float>({2, 2}, {1, 3, 2, 4})});
  // [2,2] inputs along the middle axis: out[i][k][j] = input_k[i][j].
  ExpectOpOutput(
      "Pack",
      {MakeTensor<double>({2, 2}, {1, 2, 3, 4}), MakeTensor<double>({2, 2}, {5, 6, 7, 8}),
       MakeTensor<double>({2, 2}, {9, 10, 11, 12})},
      PackAttrs(3, DT_DOUBLE, 1),
      {MakeTensor<double>({2, 3, 2}, {1, 2, 5, 6, 9, 10, 3, 4, 7, 8, 11, 12})});
  ExpectOpOutput("Pack", {MakeTensor<int64_t>({}, {7}), MakeTensor<int64_t>({}, {-1})},
                 PackAttrs(2, DT_INT64), {MakeTensor<int64_t>({2}, {7, -1})});
  ExpectOpOutput("Pack", {MakeTensor<std::string>({1}, {"s"})}, PackAttrs(1, DT_STRING),
                 {MakeTensor<std::string>({1, 1}, {"s"})});
  ExpectOpOutput("Pack", {MakeTensor<bool>({0}, {}), MakeTensor<bool>({0}, {})},
                 PackAttrs(2, DT_BOOL, -1), {MakeTensor<bool>({0, 2}, {})});
}

TEST(PackOpTest, KernelChecksShapesOnlyKnownAtRunTime) {
  EXPECT_THAT(RunWithSpecs("Pack", {Ph(DT_FLOAT, "[?]"), Ph(DT_FLOAT, "[?]")},
                           {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})},
                           PackAttrs(2, DT_FLOAT)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Pack): Shapes of all inputs must match: "
                                 "values[0].shape = [2] != values[1].shape = [3]")));
}

TEST(PackOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("Pack",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1),
                              RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 2),
                              RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 3)},
                             PackAttrs(3, DT_DOUBLE, 1)));
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 2})}, {1, PartialShape({-1, 2})}};
  EXPECT_OK(CheckOpGradients("Pack",
                             {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 4),
                              RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 5)},
                             PackAttrs(2, DT_DOUBLE, -1), unknown_batch));
}

}  // namespace
}  // namespace rill
