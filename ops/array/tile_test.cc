// Tests Tile: shape table (constant, partial and unknown multiples, unknown dims/ranks, errors),
// kernel values, runtime errors, and the gradient in f64 (incl. an unknown batch dim).
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

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor M(std::vector<int32_t> m) {
  return MakeTensor<int32_t>({static_cast<int64_t>(m.size())}, m);
}

TEST(TileOpTest, ShapeTable) {
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "[2,3]"), Val(M({2, 1}))}),
              HoldsValue(ElementsAre("[4,3]")));
  // 0 and 1 decide even against an unknown dim.
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "[?,?,?]"), Val(M({0, 1, 3}))}),
              HoldsValue(ElementsAre("[0,?,?]")));
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "[2,3]"), Ph(DT_INT32, "[2]")}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "?"), Val(M({2, 2}))}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "?"), Ph(DT_INT32, "[?]")}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(
      InferShapesWithValues("Tile", {Ph(DT_FLOAT, "[2]"), Val(MakeTensor<int64_t>({1}, {3}))}),
      HoldsValue(ElementsAre("[6]")));
}

TEST(TileOpTest, ShapeErrors) {
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "[2,3]"), Val(M({2}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Tile): multiples must have rank 2")));
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "[2]"), Val(M({-2}))}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("negative")));
  EXPECT_THAT(InferShapesWithValues("Tile", {Ph(DT_FLOAT, "[2]"), Ph(DT_INT32, "[2,1]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1-D")));
}

TEST(TileOpTest, Kernel) {
  ExpectOpOutput("Tile", {MakeTensor<float>({2, 2}, {1, 2, 3, 4}), M({2, 1})}, {},
                 {MakeTensor<float>({4, 2}, {1, 2, 3, 4, 1, 2, 3, 4})});
  ExpectOpOutput("Tile", {MakeTensor<int32_t>({2}, {1, 2}), M({3})}, {},
                 {MakeTensor<int32_t>({6}, {1, 2, 1, 2, 1, 2})});
  ExpectOpOutput("Tile", {MakeTensor<double>({1, 2}, {5, 6}), MakeTensor<int64_t>({2}, {2, 2})}, {},
                 {MakeTensor<double>({2, 4}, {5, 6, 5, 6, 5, 6, 5, 6})});
  ExpectOpOutput("Tile", {MakeTensor<std::string>({1}, {"a"}), M({0})}, {},
                 {MakeTensor<std::string>({0}, {})});
  ExpectOpOutput("Tile", {MakeTensor<bool>({}, {true}), M({})}, {}, {MakeTensor<bool>({}, {true})});
  EXPECT_THAT(RunOp("Tile", {MakeTensor<float>({2}, {1, 2}), M({-1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Tile): Expected multiples[0] >= 0, but got -1")));
}

TEST(TileOpTest, Gradient) {
  GradientCheckOptions constant;
  constant.const_inputs = {1};
  EXPECT_OK(CheckOpGradients("Tile", {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1), M({2, 3})},
                             {}, constant));
  EXPECT_OK(
      CheckOpGradients("Tile", {RandomTensor(DT_DOUBLE, TensorShape({}), 2), M({})}, {}, constant));
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 2})}};
  EXPECT_OK(CheckOpGradients(
      "Tile", {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 3), MakeTensor<int64_t>({2}, {1, 2})},
      {}, unknown_batch));
}

}  // namespace
}  // namespace rill
