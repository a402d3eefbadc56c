// Tests ExpandDims: shape table (constant and unknown dim, unknown rank, errors), kernel values
// for several dtypes, runtime errors, and the gradient in f64 (incl. an unknown batch dim).
#include <cstdint>
#include <string>

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

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::InferWithValues;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Dim(int32_t d) { return MakeTensor<int32_t>({}, {d}); }

TEST(ExpandDimsOpTest, ShapeTable) {
  struct Case {
    std::string in;
    int32_t dim;
    std::string out;
  };
  for (const Case& c : std::vector<Case>{{"[2,3]", 0, "[1,2,3]"},
                                         {"[2,3]", 1, "[2,1,3]"},
                                         {"[2,3]", 2, "[2,3,1]"},
                                         {"[2,3]", -1, "[2,3,1]"},
                                         {"[2,3]", -3, "[1,2,3]"},
                                         {"[]", 0, "[1]"},
                                         {"[]", -1, "[1]"},
                                         {"[?,3]", 1, "[?,1,3]"},
                                         {"?", 0, "<unknown>"}}) {
    SCOPED_TRACE(c.in + " dim " + std::to_string(c.dim));
    EXPECT_THAT(InferShapesWithValues("ExpandDims", {Ph(DT_FLOAT, c.in), Val(Dim(c.dim))}),
                HoldsValue(ElementsAre(c.out)));
  }
  // A one-element vector works like a scalar; int64 dim too.
  EXPECT_THAT(InferShapesWithValues("ExpandDims",
                                    {Ph(DT_FLOAT, "[2]"), Val(MakeTensor<int64_t>({1}, {0}))}),
              HoldsValue(ElementsAre("[1,2]")));
  // Unknown dim value: only the rank.
  EXPECT_THAT(InferShapesWithValues("ExpandDims", {Ph(DT_FLOAT, "[2,3]"), Ph(DT_INT32, "[]")}),
              HoldsValue(ElementsAre("[?,?,?]")));
  EXPECT_THAT(InferShapesWithValues("ExpandDims", {Ph(DT_FLOAT, "?"), Ph(DT_INT32, "[]")}),
              HoldsValue(ElementsAre("<unknown>")));
}

TEST(ExpandDimsOpTest, ShapeErrors) {
  EXPECT_THAT(InferShapesWithValues("ExpandDims", {Ph(DT_FLOAT, "[2,3]"), Val(Dim(3))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ExpandDims): dim 3 not in the interval [-3, 2].")));
  EXPECT_THAT(InferShapesWithValues("ExpandDims", {Ph(DT_FLOAT, "[2,3]"), Val(Dim(-4))}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dim -4 not in")));
  EXPECT_THAT(InferShapesWithValues("ExpandDims",
                                    {Ph(DT_FLOAT, "[2]"), Val(MakeTensor<int32_t>({2}, {0, 1}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("'dim' input must be a tensor with a single value")));
}

TEST(ExpandDimsOpTest, PublishesConstants) {
  ASSERT_OK_AND_ASSIGN(
      auto inferred,
      InferWithValues("ExpandDims", {Val(MakeTensor<int32_t>({}, {7})), Val(Dim(0))}));
  EXPECT_EQ(inferred.values[0], "int32 [1] {7}");
}

TEST(ExpandDimsOpTest, Kernel) {
  ExpectOpOutput("ExpandDims", {MakeTensor<float>({2, 2}, {1, 2, 3, 4}), Dim(1)}, {},
                 {MakeTensor<float>({2, 1, 2}, {1, 2, 3, 4})});
  ExpectOpOutput("ExpandDims", {MakeTensor<double>({}, {2.5}), Dim(-1)}, {},
                 {MakeTensor<double>({1}, {2.5})});
  ExpectOpOutput("ExpandDims", {MakeTensor<int64_t>({0}, {}), Dim(0)}, {},
                 {MakeTensor<int64_t>({1, 0}, {})});
  ExpectOpOutput("ExpandDims",
                 {MakeTensor<std::string>({2}, {"x", "y"}), MakeTensor<int64_t>({}, {-1})}, {},
                 {MakeTensor<std::string>({2, 1}, {"x", "y"})});
  EXPECT_THAT(RunOp("ExpandDims", {MakeTensor<bool>({2}, {true, false}), Dim(5)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ExpandDims): dim 5 not in the interval [-2, 1]")));
}

TEST(ExpandDimsOpTest, Gradient) {
  GradientCheckOptions constant_dim;
  constant_dim.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(
      "ExpandDims", {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1), Dim(1)}, {}, constant_dim));
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(
      "ExpandDims", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 2), Dim(-1)}, {}, unknown_batch));
}

}  // namespace
}  // namespace rill
