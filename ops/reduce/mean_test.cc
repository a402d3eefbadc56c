// Tests Mean: signature (a composite: expand fn and no kernel), shape table, the expansion on
// hand-checked values for every dtype (empty groups, integer truncation, static and dynamic
// element counts), and the gradient against central differences.
#include <cmath>
#include <cstdint>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn/testing/const_input_shapes.h"
#include "ops/op_registry.h"
#include "ops/reduce_ops.h"
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
using ::rill::testing::InferShapesWithConsts;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::ShapeInput;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::rill::testing::TensorNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Axes(std::vector<int32_t> axes) {
  return MakeTensor<int32_t>({static_cast<int64_t>(axes.size())}, axes);
}

TEST(MeanOpTest, SignatureOfAComposite) {
  const OpRegistration* op = OpRegistry::Global()->Find("Mean");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Mean(input: T, reduction_indices: Tidx) -> (output: T); attrs: keep_dims: bool = "
            "false, T: {float, double, int32, int64, uint8}, Tidx: {int32, int64} = int32");
  EXPECT_TRUE(op->expand != nullptr);
  EXPECT_TRUE(op->reference_kernel == nullptr);
  EXPECT_TRUE(op->gradient != nullptr);
}

TEST(MeanOpTest, ShapeTable) {
  const ShapeInput x{DT_FLOAT, "[?,3,4]"};
  EXPECT_THAT(InferShapesWithConsts("Mean", {x, Axes({1, 2})}), HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferShapesWithConsts("Mean", {x, Axes({0})}, {{"keep_dims", MakeAttr(true)}}),
              HoldsValue(ElementsAre("[1,3,4]")));
  EXPECT_THAT(InferShapesWithConsts("Mean", {x, ShapeInput{DT_INT32, "[]"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithConsts("Mean", {x, Axes({3})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Mean): invalid reduction axis 3")));
  EXPECT_THAT(InferShapesWithConsts("Mean", {ShapeInput{DT_STRING, "[2]"}, Axes({0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is string")));
}

TEST(MeanOpTest, ExpansionValuesEveryDtype) {
  const Tensor x = MakeTensor<float>({2, 3}, {1, 2, 6, 4, 5, 9});
  // Axes fed at run time: the count comes from Sum(OnesLike(x)).
  EXPECT_THAT(RunOp("Mean", {x, Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {3, 6})))));
  // Constant axes and a static shape: the count is a constant.
  EXPECT_THAT(RunOpWithConstInputs("Mean", {x, Axes({0})}, {false, true}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({3}, {2.5, 3.5, 7.5})))));
  EXPECT_THAT(RunOpWithConstInputs("Mean", {x, Axes({0, -1})}, {false, true},
                                   {{"keep_dims", MakeAttr(true)}}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 1}, {4.5})))));
  EXPECT_THAT(RunOp("Mean", {MakeTensor<double>({4}, {0.1, 0.2, 0.3, 0.4}), Axes({0})}),
              HoldsValue(ElementsAre(TensorNear(MakeTensor<double>({}, {0.25}), 1e-15))));
  // Integers truncate toward zero, as TensorFlow's.
  EXPECT_THAT(RunOp("Mean", {MakeTensor<int32_t>({2, 2}, {1, 2, -7, 2}), Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({2}, {1, -2})))));
  EXPECT_THAT(RunOpWithConstInputs("Mean", {MakeTensor<int64_t>({3}, {10, 20, 31}), Axes({0})},
                                   {false, true}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {20})))));
  EXPECT_THAT(RunOp("Mean", {MakeTensor<uint8_t>({2}, {100, 51}), Axes({0})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({}, {75})))));
  // No axes: the mean of one element is the element.
  EXPECT_THAT(RunOp("Mean", {x, Axes({})}), HoldsValue(ElementsAre(TensorEq(x))));
}

TEST(MeanOpTest, EmptyGroups) {
  // 0 / 0: NaN for floats (as TensorFlow), an integer division error naming the expanded node.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("Mean", {MakeTensor<float>({2, 0}, {}), Axes({1})}));
  EXPECT_TRUE(std::isnan(out[0].data<float>()[0]));
  EXPECT_THAT(RunOp("Mean", {MakeTensor<int32_t>({0}, {}), Axes({0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
  // Nothing to average at all: an empty output.
  EXPECT_THAT(RunOp("Mean", {MakeTensor<float>({0, 3}, {}), Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({0}, {})))));
}

TEST(MeanOpTest, ExpandsIntoSumAndDiv) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 2}});
  ops::Mean(root.WithOpName("mean"), x, ops::Const(root, 1));
  ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(graph));
  std::vector<std::string> ops;
  for (const Node* node : interpreter->graph().nodes()) ops.push_back(node->op());
  EXPECT_THAT(ops, ::testing::Contains("Sum"));
  EXPECT_THAT(ops, ::testing::Contains("Div"));
  EXPECT_THAT(ops, ::testing::Not(::testing::Contains("Mean")));
  EXPECT_THAT(interpreter->Run({{"x", MakeTensor<float>({2, 2}, {1, 3, 5, 6})}}, {"mean"}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {2, 5.5})))));
}

TEST(MeanOpTest, Gradient) {
  GradientCheckOptions options;
  options.const_inputs = {1};
  EXPECT_OK(CheckOpGradients("Mean", {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1), Axes({1})},
                             {}, options));
  EXPECT_OK(CheckOpGradients("Mean",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 2}), 2), Axes({0, 2})},
                             {{"keep_dims", MakeAttr(true)}}, options));
  EXPECT_OK(CheckOpGradients("Mean", {RandomTensor(DT_DOUBLE, TensorShape({5}), 3), Axes({0})},
                             {}, options));
}

TEST(MeanOpTest, GradientWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.const_inputs = {1};
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("Mean", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 5), Axes({0})},
                             {}, options));
  EXPECT_OK(CheckOpGradients("Mean", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 6), Axes({1})},
                             {{"keep_dims", MakeAttr(true)}}, options));
}

}  // namespace
}  // namespace rill
