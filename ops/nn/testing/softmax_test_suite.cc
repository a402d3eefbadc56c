// The SoftmaxOpTest cases (see softmax_test_suite.h): signature (a composite with a reference
// kernel), shape table, the kernel on hand-checked values (stable for huge logits, any rank),
// the primitives the expansion builds, and the gradient against central differences.
#include "ops/nn/testing/softmax_test_suite.h"

#include <cmath>
#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/interpreter/expand_composites.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/graph_convert.h"
#include "gmock/gmock.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<Tensor> SoftmaxInputs() {
  const double l3 = std::log(3.0);
  return {
      MakeTensor<double>({2, 2}, {0, l3, 5, 5}),
      MakeTensor<float>({1, 3}, {1000, 1000, -1000}),
      MakeTensor<float>({1}, {-7}),
      MakeTensor<double>({2, 1, 2}, {0, 0, l3, 0}),
      MakeTensor<float>({0, 3}, {}),
  };
}

void PrintTo(const SoftmaxOpParam& param, std::ostream* os) { *os << param.op; }

namespace {

TEST_P(SoftmaxOpTest, SignatureOfACompositeWithAKernel) {
  const OpRegistration* op = OpRegistry::Global()->Find(GetParam().op);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op), absl::StrCat(GetParam().op, "(logits: T) -> (",
                                                 GetParam().output, ": T); attrs: T: {float, double}"));
  EXPECT_TRUE(op->expand != nullptr);
  EXPECT_TRUE(op->reference_kernel != nullptr);
  EXPECT_TRUE(op->gradient != nullptr);
}

TEST_P(SoftmaxOpTest, ShapeTable) {
  const std::string& op = GetParam().op;
  EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, "[2,5]"}}), HoldsValue(ElementsAre("[2,5]")));
  EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, "[?,3,?]"}}), HoldsValue(ElementsAre("[?,3,?]")));
  EXPECT_THAT(InferOpShapes(op, {{DT_DOUBLE, "?"}}), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, "[]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): logits must have rank at least 1, got []"))));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is int32")));
}

TEST_P(SoftmaxOpTest, KernelValues) {
  const std::vector<Tensor> inputs = SoftmaxInputs();
  const std::vector<SoftmaxExpected>& expected = GetParam().expected;
  ASSERT_EQ(inputs.size(), expected.size()) << "one expected tensor per input";
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_THAT(RunOp(GetParam().op, {inputs[i]}),
                HoldsValue(ElementsAre(TensorNear(expected[i].value, expected[i].atol))))
        << "input " << i;
  }
}

TEST_P(SoftmaxOpTest, ExpandsIntoPrimitives) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 3}});
  GetParam().builder(root.WithOpName("y"), x);
  ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> graph, GraphFromGraphDef(def));
  ASSERT_OK(ExpandCompositeOps(graph.get(), nullptr, ExpandPolicy::kEveryComposite).status());
  std::vector<std::string> ops;
  for (const Node* node : graph->nodes()) ops.push_back(node->op());
  EXPECT_THAT(ops, ::testing::IsSupersetOf(GetParam().primitives));
  EXPECT_THAT(ops, ::testing::Not(::testing::Contains(GetParam().op)));
  // The reference executor runs the op's kernel instead.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(def));
  ops.clear();
  for (const Node* node : interpreter->graph().nodes()) ops.push_back(node->op());
  EXPECT_THAT(ops, ::testing::Contains(GetParam().op));
}

TEST_P(SoftmaxOpTest, Gradient) {
  const std::string& op = GetParam().op;
  EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1, -3, 3)}));
  EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({2, 2, 3}), 2, -3, 3)}));
  EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({5}), 3)}));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 4})}};
  EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 4)}, {}, options));
}

}  // namespace
}  // namespace rill::testing
