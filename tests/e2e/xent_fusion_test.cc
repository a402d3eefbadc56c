// Fusion count of the softmax + cross-entropy: in the compiled XOR MLP (tests/e2e/xor_mlp.h) the
// dense SoftmaxCrossEntropyWithLogits stays one node, lowered to one native kernel (a library
// call computing loss and backprop together), in the loss executable and in the training step;
// no piece of its expansion (the row Max, Log) is left in the loss executable.
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "gtest/gtest.h"
#include "tests/e2e/xor_mlp.h"

namespace rill {
namespace {

// op -> how many nodes of it the executable's optimized graph has.
std::map<std::string, int> OpCounts(const compiler::Executable& exe) {
  std::map<std::string, int> counts;
  for (const Node* node : exe.optimized_graph().nodes()) ++counts[node->op()];
  return counts;
}

// The nodes of `op` in the executable, each checked to be compiled natively.
int NativeNodesOf(const compiler::Executable& exe, const std::string& op) {
  int n = 0;
  for (const Node* node : exe.optimized_graph().nodes()) {
    if (node->op() != op) continue;
    ++n;
    EXPECT_THAT(exe.compiled_nodes(), ::testing::Contains(node->name()));
  }
  return n;
}

TEST(XentFusionTest, TheMlpCrossEntropyIsOneNativeKernel) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<e2e::Model> m, e2e::BuildModel(e2e::MakeXor()));
  const GraphDef graph = GraphToGraphDef(*m->root.graph());
  VariableStore store;
  compiler::CompileOptions options;
  options.graph_seed = 7;
  options.variables = &store;
  ASSERT_OK_AND_ASSIGN(auto init, compiler::Compile(graph, {{}, {}, {"init"}}, options));
  ASSERT_OK_AND_ASSIGN(auto loss, compiler::Compile(graph, {{}, {m->loss.name()}, {}}, options));
  ASSERT_OK_AND_ASSIGN(auto train,
                       compiler::Compile(graph, {{}, {}, {m->train.name()}}, options));
  EXPECT_EQ(NativeNodesOf(*loss, "SoftmaxCrossEntropyWithLogits"), 1);
  EXPECT_EQ(NativeNodesOf(*train, "SoftmaxCrossEntropyWithLogits"), 1);
  const std::map<std::string, int> loss_ops = OpCounts(*loss);
  EXPECT_FALSE(loss_ops.contains("Max"));
  EXPECT_FALSE(loss_ops.contains("Log"));
  // The gradient reuses the kept-whole Softmax (one kernel) rather than recomputing the row max.
  EXPECT_EQ(NativeNodesOf(*train, "Softmax"), 1);
  EXPECT_FALSE(OpCounts(*train).contains("Max"));
  EXPECT_FALSE(OpCounts(*train).contains("Log"));
  EXPECT_THAT(loss->not_lowered(), ::testing::IsEmpty());
  EXPECT_THAT(train->not_lowered(), ::testing::IsEmpty());
  for (const auto& [op, n] : OpCounts(*train)) std::cout << "train step: " << n << " x " << op << "\n";
  ASSERT_OK(init->Run({}, 0).status());
  ASSERT_OK(train->Run({}, 1).status());
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, loss->Run({}, 2));
  EXPECT_GT(got[0].data<float>()[0], 0.0f);
}

}  // namespace
}  // namespace rill
