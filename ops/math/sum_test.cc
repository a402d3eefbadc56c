// Tests Sum: the reduction shape table, kernel values over axes/keep_dims/empty, gradient.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
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
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs KeepDims(bool keep) { return {{"keep_dims", MakeAttr(keep)}}; }

TEST(SumOpTest, ShapesWithConstantAxes) {
  auto infer = [](const std::string& in, std::vector<int32_t> axes, bool keep) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root, DT_FLOAT, {.shape = *testing::ParseShape(in)});
    Output a = ops::Const(root, axes, TensorShape({static_cast<int64_t>(axes.size())}));
    Output s = ops::Sum(root, x, a, {.keep_dims = keep});
    return root.ok() ? absl::StatusOr<std::string>(s.shape().DebugString())
                     : absl::StatusOr<std::string>(root.status());
  };
  EXPECT_THAT(infer("[2,3,4]", {1}, false), HoldsValue(std::string("[2,4]")));
  EXPECT_THAT(infer("[2,3,4]", {-1, 0}, true), HoldsValue(std::string("[1,3,1]")));
  EXPECT_THAT(infer("[?,3]", {0}, false), HoldsValue(std::string("[3]")));
  EXPECT_THAT(infer("[2,3]", {}, false), HoldsValue(std::string("[2,3]")));
  EXPECT_THAT(infer("[2,3]", {0, 0}, false), HoldsValue(std::string("[3]")));
  EXPECT_THAT(infer("?", {0}, true), HoldsValue(std::string("<unknown>")));
  EXPECT_THAT(infer("[2,3]", {2}, false),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("(Sum): invalid reduction axis 2 for input of rank 2")));
}

TEST(SumOpTest, ShapesWithUnknownAxes) {
  EXPECT_THAT(InferOpShapes("Sum", {{DT_FLOAT, "[2,3]"}, {DT_INT32, "[1]"}}, KeepDims(true)),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferOpShapes("Sum", {{DT_FLOAT, "[2,3]"}, {DT_INT32, "[1]"}}, KeepDims(false)),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Sum", {{DT_FLOAT, "[2,3]"}, {DT_INT32, "[1,1]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar or vector")));
  EXPECT_THAT(InferOpShapes("Sum", {{DT_FLOAT, "[2]"}, {DT_FLOAT, "[1]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'Tidx' is float")));
}

TEST(SumOpTest, Kernel) {
  const Tensor x = MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  ExpectOpOutput("Sum", {x, MakeTensor<int32_t>({1}, {0})}, {},
                 {MakeTensor<float>({3}, {5, 7, 9})});
  ExpectOpOutput("Sum", {x, MakeTensor<int32_t>({}, {-1})}, KeepDims(true),
                 {MakeTensor<float>({2, 1}, {6, 15})});
  ExpectOpOutput("Sum", {x, MakeTensor<int64_t>({2}, {1, 0})}, {}, {MakeTensor<float>({}, {21})});
  ExpectOpOutput("Sum", {x, MakeTensor<int32_t>({0}, {})}, {}, {x});
  // Summing an empty dim gives zeros.
  ExpectOpOutput("Sum", {MakeTensor<double>({0, 2}, {}), MakeTensor<int32_t>({1}, {0})}, {},
                 {MakeTensor<double>({2}, {0, 0})});
  ExpectOpOutput("Sum", {MakeTensor<int32_t>({2}, {2147483647, 1}), MakeTensor<int32_t>({}, {0})},
                 {}, {MakeTensor<int32_t>({}, {-2147483647 - 1})});
  ExpectOpOutput("Sum", {MakeTensor<int64_t>({2}, {3, 4}), MakeTensor<int32_t>({}, {0})}, {},
                 {MakeTensor<int64_t>({}, {7})});
  ExpectOpOutput("Sum", {MakeTensor<uint8_t>({2}, {200, 100}), MakeTensor<int32_t>({}, {0})}, {},
                 {MakeTensor<uint8_t>({}, {44})});
  EXPECT_THAT(
      RunOp("Sum", {x, MakeTensor<int32_t>({1}, {-3})}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (Sum): invalid reduction axis -3 for input of rank 2")));
}

TEST(SumOpTest, Gradient) {
  struct Case {
    TensorShape shape;
    std::vector<int32_t> axes;
    bool keep;
  };
  const std::vector<Case> cases = {{TensorShape({2, 3}), {0}, false},
                                   {TensorShape({2, 3, 2}), {0, 2}, true},
                                   {TensorShape({3}), {}, false},
                                   {TensorShape({2, 2}), {-1, 0}, false}};
  uint64_t seed = 1;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.shape.DebugString());
    Tensor axes = MakeTensor<int32_t>({static_cast<int64_t>(c.axes.size())}, c.axes);
    GradientCheckOptions o;
    o.const_inputs = {1};
    EXPECT_OK(CheckOpGradients("Sum", {RandomTensor(DT_DOUBLE, c.shape, seed++), axes},
                               KeepDims(c.keep), o));
    // The same with the axes fed (unknown at graph-build time): the gradient uses Shape(...).
    EXPECT_OK(CheckOpGradients("Sum", {RandomTensor(DT_DOUBLE, c.shape, seed++), axes},
                               KeepDims(c.keep)));
  }
  GradientCheckOptions o;
  o.const_inputs = {1};
  o.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(
      "Sum", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 99), MakeTensor<int32_t>({1}, {1})}, {},
      o));
}

}  // namespace
}  // namespace rill
