// Tests Softmax: signature (a composite: expand fn, no kernel), shape table, the expansion on
// hand-checked values (stable for huge logits, any rank), and the gradient against central
// differences.
#include <cmath>
#include <cstdint>
#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SoftmaxOpTest, SignatureOfAComposite) {
  const OpRegistration* op = OpRegistry::Global()->Find("Softmax");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Softmax(logits: T) -> (softmax: T); attrs: T: {float, double}");
  EXPECT_TRUE(op->expand != nullptr);
  EXPECT_TRUE(op->reference_kernel == nullptr);
  EXPECT_TRUE(op->gradient != nullptr);
}

TEST(SoftmaxOpTest, ShapeTable) {
  EXPECT_THAT(InferOpShapes("Softmax", {{DT_FLOAT, "[2,5]"}}), HoldsValue(ElementsAre("[2,5]")));
  EXPECT_THAT(InferOpShapes("Softmax", {{DT_FLOAT, "[?,3,?]"}}),
              HoldsValue(ElementsAre("[?,3,?]")));
  EXPECT_THAT(InferOpShapes("Softmax", {{DT_DOUBLE, "?"}}), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Softmax", {{DT_FLOAT, "[]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Softmax): logits must have rank at least 1, got []")));
  EXPECT_THAT(InferOpShapes("Softmax", {{DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is int32")));
}

TEST(SoftmaxOpTest, ExpansionValues) {
  const double l3 = std::log(3.0);
  EXPECT_THAT(RunOp("Softmax", {MakeTensor<double>({2, 2}, {0, l3, 5, 5})}),
              HoldsValue(ElementsAre(
                  TensorNear(MakeTensor<double>({2, 2}, {0.25, 0.75, 0.5, 0.5}), 1e-15))));
  // Max subtraction keeps huge logits finite (the naive exp(1000) is inf and inf / inf NaN).
  EXPECT_THAT(RunOp("Softmax", {MakeTensor<float>({1, 3}, {1000, 1000, -1000})}),
              HoldsValue(ElementsAre(TensorNear(MakeTensor<float>({1, 3}, {0.5, 0.5, 0}), 1e-7))));
  // Rank 1 and rank 3: always along the last dim.
  EXPECT_THAT(RunOp("Softmax", {MakeTensor<float>({1}, {-7})}),
              HoldsValue(ElementsAre(TensorNear(MakeTensor<float>({1}, {1}), 0))));
  EXPECT_THAT(RunOp("Softmax", {MakeTensor<double>({2, 1, 2}, {0, 0, l3, 0})}),
              HoldsValue(ElementsAre(
                  TensorNear(MakeTensor<double>({2, 1, 2}, {0.5, 0.5, 0.75, 0.25}), 1e-15))));
  EXPECT_THAT(RunOp("Softmax", {MakeTensor<float>({0, 3}, {})}),
              HoldsValue(ElementsAre(TensorNear(MakeTensor<float>({0, 3}, {}), 0))));
}

TEST(SoftmaxOpTest, ExpandsIntoPrimitives) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 3}});
  ops::Softmax(root.WithOpName("y"), x);
  ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(graph));
  std::vector<std::string> ops;
  for (const Node* node : interpreter->graph().nodes()) ops.push_back(node->op());
  EXPECT_THAT(ops, ::testing::IsSupersetOf({"Max", "Sub", "Exp", "Sum", "Div"}));
  EXPECT_THAT(ops, ::testing::Not(::testing::Contains("Softmax")));
}

TEST(SoftmaxOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("Softmax", {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1, -3, 3)}));
  EXPECT_OK(CheckOpGradients("Softmax", {RandomTensor(DT_DOUBLE, TensorShape({2, 2, 3}), 2, -3, 3)}));
  EXPECT_OK(CheckOpGradients("Softmax", {RandomTensor(DT_DOUBLE, TensorShape({5}), 3)}));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 4})}};
  EXPECT_OK(CheckOpGradients("Softmax", {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 4)}, {},
                             options));
}

}  // namespace
}  // namespace rill
