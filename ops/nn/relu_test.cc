// Tests the Relu op: signature, unchanged shape, allowed types, builder.
#include <cmath>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
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
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ReluOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Relu");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "Relu(features: T) -> (activations: T); attrs: T: {float, double, int32, int64, uint8}; "
      "flags: elementwise");
}

TEST(ReluOpTest, ShapeIsUnchanged) {
  EXPECT_THAT(InferOpShapes("Relu", {{DT_FLOAT, "[1,8,8,2]"}}),
              HoldsValue(ElementsAre("[1,8,8,2]")));
  EXPECT_THAT(InferOpShapes("Relu", {{DT_INT64, "?"}}), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Relu", {{DT_STRING, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is string")));
}

TEST(ReluOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output r = ops::Relu(root.NewSubScope("act"), ops::Const(root, {-1.0, 2.0}));
  ASSERT_OK(root.status());
  EXPECT_EQ(r.name(), "act/Relu");
  EXPECT_EQ(r.dtype(), DT_DOUBLE);
  EXPECT_EQ(r.shape().DebugString(), "[2]");
}

TEST(ReluOpTest, Kernel) {
  ExpectOpOutput("Relu", {MakeTensor<float>({4}, {-1, 0, 0.5f, NAN})}, {},
                 {MakeTensor<float>({4}, {0, 0, 0.5f, NAN})});
  ExpectOpOutput("Relu", {MakeTensor<double>({2}, {-1e-300, 3})}, {},
                 {MakeTensor<double>({2}, {0, 3})});
  ExpectOpOutput("Relu", {MakeTensor<int32_t>({2}, {-5, 5})}, {},
                 {MakeTensor<int32_t>({2}, {0, 5})});
  ExpectOpOutput("Relu", {MakeTensor<int64_t>({1}, {-5})}, {}, {MakeTensor<int64_t>({1}, {0})});
  ExpectOpOutput("Relu", {MakeTensor<uint8_t>({1}, {200})}, {}, {MakeTensor<uint8_t>({1}, {200})});
}

TEST(ReluOpTest, Gradient) {
  // Points at least 0.1 away from the kink at 0.
  EXPECT_OK(
      CheckOpGradients("Relu", {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1, -1, 1, 0.1)}));
  GradientCheckOptions o;
  o.placeholder_shapes = {{0, PartialShape({-1, 4})}};
  EXPECT_OK(CheckOpGradients("Relu", {RandomTensor(DT_DOUBLE, TensorShape({2, 4}), 2, -1, 1, 0.1)},
                             {}, o));
}

}  // namespace
}  // namespace rill
