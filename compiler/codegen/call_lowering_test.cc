// The router over the call families: which ops have a call lowering, that each node goes to its
// family (entry point chosen, operands collected) and that non-call nodes and unknown shapes are
// "not a call".
#include "compiler/codegen/call_lowering.h"

#include <memory>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/random_ops.h"

namespace rill::codegen {
namespace {

using ::testing::HasSubstr;

TEST(CallLoweringTest, EachFamilysOpsHaveACallLowering) {
  for (const std::string op : {"MatMul",
                               "BatchMatMulV2",
                               "Conv2D",
                               "Conv2DBackpropInput",
                               "Conv2DBackpropFilter",
                               "RillFusedMatMul",
                               "RillFusedConv2D",
                               "MaxPool",
                               "MaxPoolGrad",
                               "AvgPool",
                               "AvgPoolGrad",
                               "BiasAddGrad",
                               "RandomUniform",
                               "RandomStandardNormal",
                               "TruncatedNormal",
                               "RandomUniformInt",
                               "Softmax",
                               "LogSoftmax",
                               "SoftmaxCrossEntropyWithLogits",
                               "SparseSoftmaxCrossEntropyWithLogits"}) {
    EXPECT_TRUE(HasCallLowering(op)) << op;
  }
  for (const std::string op : {"Add", "Sum", "Relu", "BiasAdd", "Const", "Multinomial"}) {
    EXPECT_FALSE(HasCallLowering(op)) << op;
  }
}

TEST(CallLoweringTest, NodesGoToTheirFamilysEntryPoint) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = PartialShape({4, 3})});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = PartialShape({3, 5})});
  Output d = ops::Placeholder(root.WithOpName("d"), DT_DOUBLE, {.shape = PartialShape({4, 3})});
  Output u = ops::Placeholder(root.WithOpName("u"), DT_FLOAT, {.shape = PartialShape({-1, 3})});
  ops::MatMul(root.WithOpName("matmul"), x, y);
  ops::Softmax(root.WithOpName("softmax"), d);
  ops::Softmax(root.WithOpName("unknown"), u);
  ops::RandomUniform(root.WithOpName("uniform"),
                     ops::Const(root, *Tensor::FromVector<int32_t>({7}, TensorShape({1}))),
                     DT_FLOAT, {1, 2});
  ops::Add(root.WithOpName("add"), x, x);
  ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> graph, GraphFromGraphDef(def));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(*graph));
  const OpRegistry& registry = *OpRegistry::Global();
  auto make = [&](const std::string& name, CallSpec* spec) {
    const Node* node = graph->FindNode(name);
    EXPECT_NE(node, nullptr) << name;
    absl::StatusOr<bool> is_call = MakeCallSpec(*node, *shapes, registry, spec);
    EXPECT_OK(is_call.status()) << name;
    return is_call.ok() && *is_call;
  };
  CallSpec matmul, softmax, uniform, unknown, add;
  ASSERT_TRUE(make("matmul", &matmul));
  EXPECT_EQ(matmul.entry, "rill_rt_sgemm");
  ASSERT_EQ(matmul.inputs.size(), 2u);
  EXPECT_EQ(matmul.outputs[0].shape, TensorShape({4, 5}));
  EXPECT_FALSE(matmul.returns_code);
  ASSERT_TRUE(make("softmax", &softmax));
  EXPECT_EQ(softmax.entry, "rill_rt_softmax");
  EXPECT_EQ(softmax.outputs[0].dtype, DT_DOUBLE);
  EXPECT_TRUE(softmax.returns_code);
  ASSERT_TRUE(make("uniform", &uniform));
  EXPECT_EQ(uniform.entry, "rill_rt_random");
  EXPECT_TRUE(uniform.runtime_words != nullptr);
  EXPECT_THAT(uniform.failure_message, HasSubstr("uniform"));
  EXPECT_FALSE(make("unknown", &unknown));  // a shape known only at run time
  EXPECT_FALSE(make("add", &add));          // element-wise: not a call
}

}  // namespace
}  // namespace rill::codegen
