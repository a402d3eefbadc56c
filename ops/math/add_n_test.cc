// Tests AddN: shape merging, kernel sums for every dtype, gradient, builder errors.
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

TEST(AddNOpTest, Shapes) {
  const OpAttrs n3 = {{"N", MakeAttr(3)}, {"T", MakeAttr(DT_FLOAT)}};
  EXPECT_THAT(
      InferOpShapes("AddN", {{DT_FLOAT, "[?,3]"}, {DT_FLOAT, "[2,?]"}, {DT_FLOAT, "?"}}, n3),
      HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(InferOpShapes("AddN", {{DT_FLOAT, "?"}, {DT_FLOAT, "?"}, {DT_FLOAT, "?"}}, n3),
              HoldsValue(ElementsAre("<unknown>")));
  // No broadcasting.
  EXPECT_THAT(InferOpShapes("AddN", {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[3]"}, {DT_FLOAT, "?"}}, n3),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (AddN): inputs must have the same shape")));
}

TEST(AddNOpTest, Kernel) {
  const OpAttrs n3 = {{"N", MakeAttr(3)}};
  ExpectOpOutput("AddN",
                 {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({2}, {10, 20}),
                  MakeTensor<float>({2}, {0.5f, -22})},
                 n3, {MakeTensor<float>({2}, {11.5f, 0})});
  ExpectOpOutput("AddN", {MakeTensor<double>({}, {2.5})}, {{"N", MakeAttr(1)}},
                 {MakeTensor<double>({}, {2.5})});
  ExpectOpOutput("AddN",
                 {MakeTensor<int32_t>({2}, {2147483647, 1}), MakeTensor<int32_t>({2}, {1, 1})},
                 {{"N", MakeAttr(2)}}, {MakeTensor<int32_t>({2}, {-2147483647 - 1, 2})});
  ExpectOpOutput("AddN", {MakeTensor<int64_t>({1}, {5}), MakeTensor<int64_t>({1}, {-7})},
                 {{"N", MakeAttr(2)}}, {MakeTensor<int64_t>({1}, {-2})});
  ExpectOpOutput("AddN", {MakeTensor<uint8_t>({1}, {200}), MakeTensor<uint8_t>({1}, {100})},
                 {{"N", MakeAttr(2)}}, {MakeTensor<uint8_t>({1}, {44})});
}

TEST(AddNOpTest, Gradient) {
  auto fn = [](const Scope& s, const std::vector<Output>& in) {
    return std::vector<Output>{ops::AddN(s, in)};
  };
  EXPECT_OK(CheckGradients(fn, {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1),
                                RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 2),
                                RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 3)}));
  GradientCheckOptions o;
  o.placeholder_shapes = {{0, PartialShape({-1, 2})}, {1, PartialShape({-1, 2})}};
  EXPECT_OK(CheckGradients(fn,
                           {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 4),
                            RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 5)},
                           o));
}

TEST(AddNOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output sum = ops::AddN(root, {ops::Const(root, {1.f}), ops::Const(root, {2.f})});
  ASSERT_OK(root.status());
  EXPECT_EQ(sum.node()->attrs().at("N").i(), 2);
  Scope bad = Scope::NewRootScope();
  EXPECT_FALSE(ops::AddN(bad, {}).valid());
  EXPECT_THAT(bad.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs at least one input")));
}

}  // namespace
}  // namespace rill
