// Tests Unpack: shape table (axes, unknown dims and ranks, errors), scalars published from
// shape vectors, kernel values, runtime errors, and the gradient in f64 (also with outputs that
// get no gradient, and an unknown batch dim).
#include <cstdint>
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
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunWithSpecs;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs UnpackAttrs(int num, int64_t axis = 0) {
  return {{"num", MakeAttr(num)}, {"axis", MakeAttr(axis)}};
}

TEST(UnpackOpTest, ShapeTable) {
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "[3,2]"}}, UnpackAttrs(3)),
              HoldsValue(ElementsAre("[2]", "[2]", "[2]")));
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "[3,2]"}}, UnpackAttrs(2, -1)),
              HoldsValue(ElementsAre("[3]", "[3]")));
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "[?,2,4]"}}, UnpackAttrs(2, 1)),
              HoldsValue(ElementsAre("[?,4]", "[?,4]")));
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "[?,2]"}}, UnpackAttrs(4)),
              HoldsValue(ElementsAre("[2]", "[2]", "[2]", "[2]")));
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "?"}}, UnpackAttrs(2)),
              HoldsValue(ElementsAre("<unknown>", "<unknown>")));
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_INT32, "[0,2]"}}, UnpackAttrs(0)),
              HoldsValue(ElementsAre()));
}

TEST(UnpackOpTest, ShapeErrors) {
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "[3,2]"}}, UnpackAttrs(2)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Unpack): Dimension must be 2 but is 3")));
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "[3,2]"}}, UnpackAttrs(3, 2)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Invalid axis: 2; must be in [-2,2)")));
  EXPECT_THAT(InferOpShapes("Unpack", {{DT_FLOAT, "[]"}}, UnpackAttrs(1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Invalid axis: 0")));
}

TEST(UnpackOpTest, PublishesKnownEntriesOfAShapeVector) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 3}});
  std::vector<Output> dims = ops::Unpack(root, ops::Shape(root, x), 2);
  ASSERT_OK(root.status());
  EXPECT_EQ(array_util::KnownValue(root, dims[0]), nullptr);
  const Tensor* known = array_util::KnownValue(root, dims[1]);
  ASSERT_NE(known, nullptr);
  EXPECT_EQ(known->DebugString(), "int32 [] {3}");
}

TEST(UnpackOpTest, Kernel) {
  const Tensor x = MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  ExpectOpOutput("Unpack", {x}, UnpackAttrs(2),
                 {MakeTensor<float>({3}, {1, 2, 3}), MakeTensor<float>({3}, {4, 5, 6})});
  ExpectOpOutput("Unpack", {x}, UnpackAttrs(3, 1),
                 {MakeTensor<float>({2}, {1, 4}), MakeTensor<float>({2}, {2, 5}),
                  MakeTensor<float>({2}, {3, 6})});
  ExpectOpOutput("Unpack", {MakeTensor<int64_t>({2}, {9, 8})}, UnpackAttrs(2),
                 {MakeTensor<int64_t>({}, {9}), MakeTensor<int64_t>({}, {8})});
  ExpectOpOutput("Unpack", {MakeTensor<std::string>({1, 2}, {"a", "b"})}, UnpackAttrs(2, -1),
                 {MakeTensor<std::string>({1}, {"a"}), MakeTensor<std::string>({1}, {"b"})});
  ExpectOpOutput("Unpack", {MakeTensor<double>({2, 0}, {})}, UnpackAttrs(2),
                 {MakeTensor<double>({0}, {}), MakeTensor<double>({0}, {})});
  EXPECT_THAT(RunWithSpecs("Unpack", {Ph(DT_FLOAT, "[?]")}, {MakeTensor<float>({3}, {1, 2, 3})},
                           UnpackAttrs(2)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Unpack): Input shape axis 0 must equal 2, got "
                                 "shape [3]")));
}

TEST(UnpackOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("Unpack", {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 1)},
                             UnpackAttrs(3)));
  EXPECT_OK(CheckOpGradients("Unpack", {RandomTensor(DT_DOUBLE, TensorShape({2, 4, 3}), 2)},
                             UnpackAttrs(4, 1)));
  // Only output 1 is used: the others contribute zeros.
  EXPECT_OK(CheckGradients(
      [](const Scope& s, const std::vector<Output>& in) {
        return std::vector<Output>{ops::Unpack(s, in[0], 3, {.axis = -1})[1]};
      },
      {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 3)}));
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 2})}};
  EXPECT_OK(CheckOpGradients("Unpack", {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 4)},
                             UnpackAttrs(2, 1), unknown_batch));
}

}  // namespace
}  // namespace rill
