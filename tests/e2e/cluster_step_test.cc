// Whole training steps run as clusters of native kernels (CompileOptions::cluster_kernels) give
// bitwise the results of the per-node path: the XOR MLP's Adam step and a small CNN's, over 10
// steps (losses, every variable and its version), each step one native call with the optimizer's
// in-place updates inside the cluster and no weight copied; and TF 1.x variable semantics of
// in-place members: reads before, after and not ordered after a write, an initializing Assign,
// uninitialized-variable errors, fetched variables.
#include <cmath>
#include <iostream>
#include <map>
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
#include "ops/state_ops.h"
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
      ASSERT_EQ(b->version(), a->version()) << "step " << step << ": " << name;
    }
  }
}

// How many variables of `store` changed buffers since `before` (name -> buffer address).
int MovedBuffers(const VariableStore& store, std::map<std::string, const void*>* before) {
  int moved = 0;
  for (const std::string& name : store.Names()) {
    const void* now = store.Find(name)->value().raw_data();
    auto [it, added] = before->emplace(name, now);
    if (!added && it->second != now) ++moved;
    it->second = now;
  }
  return moved;
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
  // Forward, backward and the in-place updates (ApplyAdam, Adam's beta-power Assigns, the
  // global step's AssignAdd) are one cluster: one native call per step.
  ASSERT_EQ(clustered.train->clusters().size(), 1u);
  EXPECT_EQ(stats.clusters_run, 1);
  EXPECT_EQ(stats.native_calls, 1);

  // No weight is copied: every variable keeps its buffer from step to step (nothing else holds
  // it when the in-place updates open it).
  std::map<std::string, const void*> buffers, node_buffers;
  MovedBuffers(clustered.store, &buffers);
  MovedBuffers(per_node.store, &node_buffers);
  for (int64_t step = 11; step <= 13; ++step) {
    ASSERT_OK(clustered.train->Run({}, step).status());
    ASSERT_OK(per_node.train->Run({}, step).status());
    EXPECT_EQ(MovedBuffers(clustered.store, &buffers), 0) << "step " << step;
    std::cout << "MLP step " << step << ": " << MovedBuffers(per_node.store, &node_buffers)
              << " of " << node_buffers.size() << " variables copied per node\n";
  }
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
  EXPECT_EQ(stats.native_calls, 1);
  EXPECT_EQ(clustered.train->clusters().size(), 1u);
  std::map<std::string, const void*> buffers;
  MovedBuffers(clustered.store, &buffers);
  ASSERT_OK(clustered.train->Run({x, y}, 11).status());
  EXPECT_EQ(MovedBuffers(clustered.store, &buffers), 0);
}

// x (fed [2]); v = [1, 2] by `init`. The step: a = v * x (read before the write), upd: v += x * x,
// late = v + x (scheduled after upd but not ordered after it: the old value), after = v - x
// (ordered after upd: the new value).
GraphDef ReadsAroundAWrite() {
  Scope root = Scope::NewRootScope();
  const Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  const Output v = ops::VariableV2(root.WithOpName("v"), PartialShape({2}), DT_FLOAT);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {1.0f, 2.0f}));
  ops::Mul(root.WithOpName("a"), v, x);
  const Output upd =
      ops::AssignAdd(root.WithOpName("upd"), v, ops::Mul(root.WithOpName("xx"), x, x));
  ops::Add(root.WithOpName("late"), v, x);
  ops::Sub(root.WithControlDependencies(upd).WithOpName("after"), v, x);
  // u is uninitialized until `set_u` (an Assign that initializes it) runs; r follows it.
  const Output u = ops::VariableV2(root.WithOpName("u"), PartialShape({2}), DT_FLOAT);
  const Output set_u = ops::Assign(root.WithOpName("set_u"), u,
                                   ops::Mul(root.WithOpName("x2"), x, ops::Const(root, 2.0f)));
  ops::Add(root.WithControlDependencies(set_u).WithOpName("r"), u, x);
  EXPECT_OK(root.status());
  return GraphToGraphDef(*root.graph());
}

struct Modes {
  Trainer per_node, clustered;
};

// `poison`: the clustered executable poisons dead arena buffers (its members then run one by one
// from C++, as with timing on).
void BuildModes(const GraphDef& graph, const std::vector<std::string>& fetches,
                const std::vector<std::string>& targets, Modes* m, bool poison = false) {
  for (bool cluster : {false, true}) {
    Trainer& t = cluster ? m->clustered : m->per_node;
    compiler::CompileOptions options;
    options.variables = &t.store;
    options.cluster_kernels = cluster;
    options.poison_dead_buffers = cluster && poison;
    ASSERT_OK_AND_ASSIGN(t.init, compiler::Compile(graph, {{}, {}, {"init"}}, options));
    ASSERT_OK_AND_ASSIGN(
        t.train, compiler::Compile(graph, {{{"x", DT_FLOAT, TensorShape({2})}}, fetches, targets},
                                   options));
  }
}

// Runs one step in both modes and expects the same outcome: bitwise fetches, variables and
// versions, or the same error.
void ExpectSameStep(Modes& m, const Tensor& x, int64_t step, std::vector<Tensor>* got) {
  absl::StatusOr<std::vector<Tensor>> want = m.per_node.train->Run({x}, step);
  absl::StatusOr<std::vector<Tensor>> have = m.clustered.train->Run({x}, step);
  ASSERT_EQ(have.status(), want.status());
  if (!want.ok()) return;
  ASSERT_EQ(have->size(), want->size());
  for (size_t i = 0; i < want->size(); ++i) {
    EXPECT_TRUE((*have)[i].BitwiseEqual((*want)[i]))
        << i << ": " << (*have)[i].DebugString() << " vs " << (*want)[i].DebugString();
  }
  ASSERT_EQ(m.clustered.store.Names(), m.per_node.store.Names());
  for (const std::string& name : m.per_node.store.Names()) {
    const Variable* a = m.per_node.store.Find(name);
    const Variable* b = m.clustered.store.Find(name);
    ASSERT_EQ(b->initialized(), a->initialized()) << name;
    if (a->initialized()) {
      EXPECT_TRUE(b->value().BitwiseEqual(a->value())) << name;
    }
    EXPECT_EQ(b->version(), a->version()) << name;
  }
  *got = *std::move(have);
}

int Index(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin());
}

TEST(ClusterStepTest, ReadsBeforeAfterAndNotOrderedAfterAnInPlaceWrite) {
  Modes m;
  BuildModes(ReadsAroundAWrite(), {"a", "late", "after"}, {"upd"}, &m);
  ASSERT_EQ(m.clustered.train->clusters().size(), 1u);
  const std::vector<std::string> members = m.clustered.train->clusters()[0];
  ASSERT_LT(Index(members, "upd"), static_cast<int>(members.size()));
  // The schedule puts `late` after the write it must not see.
  ASSERT_LT(Index(members, "upd"), Index(members, "late"));
  ASSERT_LT(Index(members, "a"), Index(members, "upd"));
  ASSERT_OK(m.per_node.init->Run({}, 0).status());
  ASSERT_OK(m.clustered.init->Run({}, 0).status());
  ASSERT_OK_AND_ASSIGN(Tensor x, Tensor::FromVector<float>({3, 4}, TensorShape({2})));
  std::vector<Tensor> out;
  ExpectSameStep(m, x, 1, &out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(m.clustered.train->last_run_stats().native_calls, 1);
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(3.0f, 8.0f));    // a: old v
  EXPECT_THAT(out[1].ToVector<float>(), ::testing::ElementsAre(4.0f, 6.0f));    // late: old v
  EXPECT_THAT(out[2].ToVector<float>(), ::testing::ElementsAre(7.0f, 14.0f));   // after: new v
  EXPECT_THAT(m.clustered.store.Find("v")->value().ToVector<float>(),
              ::testing::ElementsAre(10.0f, 18.0f));
  ExpectSameStep(m, x, 2, &out);
  EXPECT_THAT(out[1].ToVector<float>(), ::testing::ElementsAre(13.0f, 22.0f));
  EXPECT_THAT(m.clustered.store.Find("v")->value().ToVector<float>(),
              ::testing::ElementsAre(19.0f, 34.0f));
}

TEST(ClusterStepTest, InPlaceMembersRunOneByOneWhenTimedOrPoisoned) {
  for (bool poison : {false, true}) {
    Modes m;
    BuildModes(ReadsAroundAWrite(), {"a", "late", "after"}, {"upd"}, &m, poison);
    ASSERT_EQ(m.clustered.train->clusters().size(), 1u);
    m.clustered.train->set_collect_timing(!poison);
    ASSERT_OK(m.per_node.init->Run({}, 0).status());
    ASSERT_OK(m.clustered.init->Run({}, 0).status());
    ASSERT_OK_AND_ASSIGN(Tensor x, Tensor::FromVector<float>({3, 4}, TensorShape({2})));
    std::vector<Tensor> out;
    for (int64_t step = 1; step <= 2; ++step) ExpectSameStep(m, x, step, &out);
    const compiler::ExecutableRunStats& stats = m.clustered.train->last_run_stats();
    EXPECT_EQ(stats.clusters_run, 1);
    EXPECT_EQ(stats.native_calls, stats.compiled_kernels_run);  // one call per member
    if (!poison) {
      bool timed_update = false;
      for (const NodeTiming& t : stats.timings) timed_update = timed_update || t.node == "upd";
      EXPECT_TRUE(timed_update);
    }
  }
}

TEST(ClusterStepTest, FetchedVariablesAfterTheStepMatchThePerNodePath) {
  Modes m;
  // "v:0" and "upd:0" are fetched references: read after every node, with the step's snapshots
  // kept; v:0 is not ordered after the write (the old value), upd:0 is the write (the new one).
  BuildModes(ReadsAroundAWrite(), {"v:0", "after", "a", "upd:0"}, {}, &m);
  ASSERT_OK(m.per_node.init->Run({}, 0).status());
  ASSERT_OK(m.clustered.init->Run({}, 0).status());
  ASSERT_OK_AND_ASSIGN(Tensor x, Tensor::FromVector<float>({3, 4}, TensorShape({2})));
  std::vector<Tensor> out;
  for (int64_t step = 1; step <= 3; ++step) ExpectSameStep(m, x, step, &out);
  EXPECT_EQ(m.clustered.train->last_run_stats().native_calls, 1);
  ASSERT_EQ(out.size(), 4u);
  // Step 3 starts from v = [19, 34] and adds x * x = [9, 16].
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(19.0f, 34.0f));
  EXPECT_THAT(out[3].ToVector<float>(), ::testing::ElementsAre(28.0f, 50.0f));
}

TEST(ClusterStepTest, AnInitializingAssignInAClusterAndUninitializedErrorsNameTheNode) {
  Modes m;
  BuildModes(ReadsAroundAWrite(), {"r"}, {"set_u"}, &m);
  ASSERT_EQ(m.clustered.train->clusters().size(), 1u);
  ASSERT_OK_AND_ASSIGN(Tensor x, Tensor::FromVector<float>({3, 4}, TensorShape({2})));
  std::vector<Tensor> out;
  // u is uninitialized: the first step runs the span node by node (the Assign initializes it).
  ExpectSameStep(m, x, 1, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(9.0f, 12.0f));
  EXPECT_EQ(m.clustered.train->last_run_stats().clusters_run, 0);
  // Initialized now: one native call, the Assign overwriting it in place.
  ExpectSameStep(m, x, 2, &out);
  EXPECT_EQ(m.clustered.train->last_run_stats().native_calls, 1);
  EXPECT_EQ(m.clustered.train->last_run_stats().clusters_run, 1);

  // A step that reads v and updates it in place before `init` ran: the per-node error.
  Modes fresh;
  BuildModes(ReadsAroundAWrite(), {"a", "late", "after"}, {"upd"}, &fresh);
  absl::StatusOr<std::vector<Tensor>> error = fresh.clustered.train->Run({x}, 1);
  EXPECT_THAT(error.status(), ::rill::testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                                        ::testing::HasSubstr("node 'a' (Mul)")));
  ExpectSameStep(fresh, x, 1, &out);
}

}  // namespace
}  // namespace rill
