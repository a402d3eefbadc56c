// Whole training steps run as clusters of native kernels (CompileOptions::cluster_kernels) give
// bitwise the results of the per-node path: the XOR MLP's Adam step and a small CNN's, over 10
// steps (losses and every variable), with the native calls per step counted.
#include <cmath>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/random_ops.h"
#include "ops/reduce_ops.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"
#include "tests/e2e/xor_mlp.h"

namespace rill {
namespace {

constexpr int64_t kSeed = 4321;

// One mode's executables over its own variables.
struct Trainer {
  VariableStore store;
  std::unique_ptr<compiler::Executable> init, train;
};

void Build(const GraphDef& graph, const std::vector<compiler::FeedSpec>& feeds,
           const std::string& train_op, const std::string& loss, bool cluster, Trainer* t) {
  compiler::CompileOptions options;
  options.graph_seed = kSeed;
  options.variables = &t->store;
  options.cluster_kernels = cluster;
  ASSERT_OK_AND_ASSIGN(t->init, compiler::Compile(graph, {{}, {}, {"init"}}, options));
  // The loss is fetched from the step itself: an intermediate value of the step's cluster.
  ASSERT_OK_AND_ASSIGN(t->train, compiler::Compile(graph, {feeds, {loss}, {train_op}}, options));
}

// Trains both modes `steps` steps on `feeds` and checks losses and variables bitwise; returns the
// clustered step's native calls.
void ExpectSameTraining(Trainer& per_node, Trainer& clustered, const std::vector<Tensor>& feeds,
                        int steps) {
  ASSERT_OK(per_node.init->Run({}, 0).status());
  ASSERT_OK(clustered.init->Run({}, 0).status());
  const std::vector<std::string> names = per_node.store.Names();
  ASSERT_EQ(names, clustered.store.Names());
  for (int64_t step = 1; step <= steps; ++step) {
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, per_node.train->Run(feeds, step));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, clustered.train->Run(feeds, step));
    ASSERT_TRUE(std::isfinite(want[0].data<float>()[0]));
    ASSERT_TRUE(got[0].BitwiseEqual(want[0]))
        << "step " << step << ": " << got[0].DebugString() << " vs " << want[0].DebugString();
    for (const std::string& name : names) {
      const Variable* a = per_node.store.Find(name);
      const Variable* b = clustered.store.Find(name);
      ASSERT_TRUE(a->initialized() && b->initialized()) << name;
      ASSERT_TRUE(b->value().BitwiseEqual(a->value())) << "step " << step << ": " << name;
    }
  }
}

TEST(ClusterStepTest, XorMlpAdamStepIsBitwiseThePerNodeStepInFewNativeCalls) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<e2e::Model> m, e2e::BuildModel(e2e::MakeXor()));
  const GraphDef graph = GraphToGraphDef(*m->root.graph());
  Trainer per_node, clustered;
  Build(graph, {}, m->train.name(), m->loss.name(), false, &per_node);
  Build(graph, {}, m->train.name(), m->loss.name(), true, &clustered);
  EXPECT_THAT(per_node.train->clusters(), ::testing::IsEmpty());
  ExpectSameTraining(per_node, clustered, {}, 10);

  const compiler::ExecutableRunStats& node_stats = per_node.train->last_run_stats();
  const compiler::ExecutableRunStats& stats = clustered.train->last_run_stats();
  // Same kernels: the counts keep their meaning in both modes.
  EXPECT_EQ(stats.nodes_run, node_stats.nodes_run);
  EXPECT_EQ(stats.compiled_kernels_run, node_stats.compiled_kernels_run);
  EXPECT_EQ(node_stats.native_calls, node_stats.compiled_kernels_run);
  EXPECT_EQ(node_stats.clusters_run, 0);
  std::vector<std::string> sizes;
  for (const auto& c : clustered.train->clusters()) sizes.push_back(std::to_string(c.size()));
  std::cout << "MLP step: " << stats.compiled_kernels_run << " native kernels in "
            << stats.native_calls << " native calls (clusters of " << absl::StrJoin(sizes, ", ")
            << " members)\n";
  // Forward and backward are one cluster; the in-place variable updates (4 ApplyAdam, Adam's
  // beta-power Assigns, global step) run between clusters as single calls.
  ASSERT_FALSE(clustered.train->clusters().empty());
  size_t largest = 0;
  for (const auto& c : clustered.train->clusters()) largest = std::max(largest, c.size());
  // (17 members since the dense cross entropy became one kernel.)
  EXPECT_GE(largest, 15u);
  EXPECT_EQ(stats.clusters_run, static_cast<int64_t>(clustered.train->clusters().size()));
  EXPECT_LE(stats.native_calls, 10);
  EXPECT_LT(stats.native_calls * 2, node_stats.native_calls);
}

// conv 3x3x4 VALID + bias + relu, 2x2 max pool, flatten, dense 10; soft-label cross entropy; Adam.
struct Cnn {
  GraphDef graph;
  std::string train_op, loss;
};

Output Weight(const Scope& s, const std::string& name, std::vector<int32_t> shape) {
  const Output init = ops::Mul(
      s, ops::TruncatedNormal(s, ops::Const(s, shape, TensorShape({static_cast<int64_t>(shape.size())})), DT_FLOAT),
      ops::Const(s, 0.3f));
  return train::CreateVariable(s.WithOpName(name), init).ref;
}

absl::StatusOr<Cnn> SmallCnn() {
  Scope root = Scope::NewRootScope();
  const Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 10, 10, 1}});
  const Output labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT, {.shape = {-1, 10}});
  const Output k = Weight(root, "conv/kernel", {3, 3, 1, 4});
  const Output kb = train::CreateVariable(root.WithOpName("conv/bias"),
                                          ops::Fill(root, ops::Const(root, {4}),
                                                    ops::Const(root, 0.0f))).ref;
  const Output c = ops::Relu(root, ops::BiasAdd(root, ops::Conv2D(root, x, k, {1, 1, 1, 1}, "VALID"), kb));
  const Output p = ops::MaxPool(root, c, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");  // [b,4,4,4]
  const Output flat = ops::Reshape(root, p, ops::Const(root, {-1, 64}));
  const Output w = Weight(root, "fc/kernel", {64, 10});
  const Output b = train::CreateVariable(root.WithOpName("fc/bias"),
                                         ops::Fill(root, ops::Const(root, {10}),
                                                   ops::Const(root, 0.0f))).ref;
  const Output logits = ops::BiasAdd(root, ops::MatMul(root, flat, w), b);
  const Output loss = ops::Mean(root.WithOpName("loss"),
                                ops::SoftmaxCrossEntropyWithLogits(root, logits, labels).loss,
                                ops::Const(root, {0}));
  ASSIGN_OR_RETURN(train::GraphVariable step, train::GetOrCreateGlobalStep(root));
  train::AdamOptimizer adam({.learning_rate = 0.01});
  ASSIGN_OR_RETURN(Operation train_op, adam.Minimize(root, loss, {.global_step = step.ref}));
  train::GlobalVariablesInitializer(root.WithOpName("init"));
  RETURN_IF_ERROR(root.status());
  return Cnn{GraphToGraphDef(*root.graph()), train_op.name(), "loss:0"};
}

TEST(ClusterStepTest, SmallCnnAdamStepIsBitwiseThePerNodeStep) {
  ASSERT_OK_AND_ASSIGN(Cnn cnn, SmallCnn());
  constexpr int64_t kBatch = 6;
  Tensor x = *Tensor::Create(DT_FLOAT, TensorShape({kBatch, 10, 10, 1}));
  Tensor y = *Tensor::Create(DT_FLOAT, TensorShape({kBatch, 10}));
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (int64_t i = 0; i < x.num_elements(); ++i) x.data<float>()[i] = u(rng);
  for (int64_t i = 0; i < kBatch; ++i) y.data<float>()[i * 10 + rng() % 10] = 1.0f;
  const std::vector<compiler::FeedSpec> specs = {{"x", DT_FLOAT, x.shape()},
                                                 {"labels", DT_FLOAT, y.shape()}};
  Trainer per_node, clustered;
  Build(cnn.graph, specs, cnn.train_op, cnn.loss, false, &per_node);
  Build(cnn.graph, specs, cnn.train_op, cnn.loss, true, &clustered);
  ExpectSameTraining(per_node, clustered, {x, y}, 10);
  const compiler::ExecutableRunStats& stats = clustered.train->last_run_stats();
  const compiler::ExecutableRunStats& node_stats = per_node.train->last_run_stats();
  std::cout << "CNN step: " << stats.compiled_kernels_run << " native kernels in "
            << stats.native_calls << " native calls, " << stats.reference_nodes.size()
            << " reference nodes: " << absl::StrJoin(stats.reference_nodes, " ") << "\n";
  EXPECT_EQ(stats.compiled_kernels_run, node_stats.compiled_kernels_run);
  EXPECT_LT(stats.native_calls * 2, node_stats.native_calls);
}

}  // namespace
}  // namespace rill
