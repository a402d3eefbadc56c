// Tests Mul: broadcasting shapes, kernel values (wrapping integers), gradient.
#include <cmath>

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

TEST(MulOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("Mul", {{DT_FLOAT, "[?,3]"}, {DT_FLOAT, "[3]"}}),
              HoldsValue(ElementsAre("[?,3]")));
  EXPECT_THAT(InferOpShapes("Mul", {{DT_INT32, "?"}, {DT_INT32, "[3]"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Mul", {{DT_FLOAT, "[2]"}, {DT_FLOAT, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Mul): incompatible shapes for broadcasting")));
  EXPECT_THAT(InferOpShapes("Mul", {{DT_BOOL, "[2]"}, {DT_BOOL, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is bool")));
}

TEST(MulOpTest, Kernel) {
  ExpectOpOutput("Mul", {MakeTensor<float>({2, 1}, {2, -3}), MakeTensor<float>({2}, {0.5f, 4})}, {},
                 {MakeTensor<float>({2, 2}, {1, 8, -1.5f, -12})});
  ExpectOpOutput("Mul", {MakeTensor<double>({}, {1e200}), MakeTensor<double>({}, {1e200})}, {},
                 {MakeTensor<double>({}, {HUGE_VAL})});
  ExpectOpOutput("Mul",
                 {MakeTensor<int32_t>({2}, {65536, -3}), MakeTensor<int32_t>({2}, {65536, 7})}, {},
                 {MakeTensor<int32_t>({2}, {0, -21})});
  ExpectOpOutput("Mul", {MakeTensor<int64_t>({1}, {1LL << 40}), MakeTensor<int64_t>({1}, {3})}, {},
                 {MakeTensor<int64_t>({1}, {3LL << 40})});
  ExpectOpOutput("Mul", {MakeTensor<uint8_t>({1}, {16}), MakeTensor<uint8_t>({1}, {17})}, {},
                 {MakeTensor<uint8_t>({1}, {16})});
}

TEST(MulOpTest, Gradient) {
  const std::vector<std::pair<TensorShape, TensorShape>> cases = {
      {TensorShape({2, 3}), TensorShape({2, 3})},
      {TensorShape({2, 3}), TensorShape({3})},
      {TensorShape({4, 1}), TensorShape({1, 5})},
      {TensorShape({}), TensorShape({3})}};
  uint64_t seed = 10;
  for (const auto& [a, b] : cases) {
    SCOPED_TRACE(a.DebugString() + " * " + b.DebugString());
    EXPECT_OK(CheckOpGradients(
        "Mul", {RandomTensor(DT_DOUBLE, a, seed++), RandomTensor(DT_DOUBLE, b, seed++)}));
  }
  GradientCheckOptions o;
  o.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("Mul",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 30),
                              RandomTensor(DT_DOUBLE, TensorShape({3}), 31)},
                             {}, o));
}

}  // namespace
}  // namespace rill
