// Issue 6 ("1-thread and 2-thread results are bitwise equal") and issue 7 ("thread count from
// SessionOptions"): several Adam steps of the XOR MLP and of a small CNN (conv 5x5 VALID + bias +
// relu, max pool, conv 3x3 + bias + relu, dense + bias, softmax cross-entropy) run in Sessions
// with num_threads 1 and 2 give bitwise equal losses and variables, and stay within the stated
// training tolerance of the reference executor (opt_level 0).
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/testing/compiled_numerics.h"
#include "graph/graph_convert.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/random_ops.h"
#include "ops/reduce_ops.h"
#include "ops/testing/tensor_test_util.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"
#include "session/session.h"
#include "tests/e2e/xor_mlp.h"

namespace rill {
namespace {

struct Net {
  GraphDef graph;
  std::string loss;
  std::string train;
  std::vector<std::string> variables;
  std::vector<Feed> feeds;  // fed each step (empty for the MLP: its data are constants)
};

Net Mlp() {
  absl::StatusOr<std::unique_ptr<e2e::Model>> m = e2e::BuildModel(e2e::MakeXor());
  EXPECT_OK(m.status());
  Net net;
  net.graph = GraphToGraphDef(*(*m)->root.graph());
  net.loss = (*m)->loss.name();
  net.train = (*m)->train.name();
  net.variables = {"hidden/kernel", "hidden/bias", "output/kernel", "output/bias"};
  return net;
}

// batch 8 of 12x12x1 images -> conv 5x5x6 VALID (8x8) -> pool 2 (4x4) -> conv 3x3x8 SAME ->
// flatten 128 -> dense 10.
Net Cnn() {
  Scope root = Scope::NewRootScope();
  Output images = ops::Placeholder(root.WithOpName("images"), DT_FLOAT, {.shape = {8, 12, 12, 1}});
  Output labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT, {.shape = {8, 10}});
  auto variable = [&](const std::string& name, std::vector<int32_t> shape, int fan_in) {
    const Scope s = root.NewSubScope(name);
    const Output init = ops::Mul(
        s,
        ops::TruncatedNormal(s, ops::Const(s, shape, TensorShape({static_cast<int64_t>(
                                                          shape.size())})),
                             DT_FLOAT),
        ops::Const(s, 1.0f / std::sqrt(static_cast<float>(fan_in))));
    return train::CreateVariable(s.WithOpName("v"), init).ref;
  };
  auto zeros = [&](const std::string& name, int n) {
    const Scope s = root.NewSubScope(name);
    return train::CreateVariable(s.WithOpName("v"),
                                 ops::Fill(s, ops::Const(s, {n}), ops::Const(s, 0.01f)))
        .ref;
  };
  Output c1 = ops::Relu(root, ops::BiasAdd(root, ops::Conv2D(root, images, variable("k1", {5, 5, 1, 6}, 25),
                                                             {1, 1, 1, 1}, "VALID"),
                                           zeros("b1", 6)));
  Output p1 = ops::MaxPool(root, c1, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
  Output c2 = ops::Relu(root, ops::BiasAdd(root, ops::Conv2D(root, p1, variable("k2", {3, 3, 6, 8}, 54),
                                                             {1, 1, 1, 1}, "SAME"),
                                           zeros("b2", 8)));
  Output flat = ops::Reshape(root, c2, ops::Const(root, {8, 128}));
  Output logits = ops::BiasAdd(root, ops::MatMul(root, flat, variable("w", {128, 10}, 128)),
                               zeros("b3", 10));
  Output loss = ops::Mean(root.WithOpName("loss"),
                          ops::SoftmaxCrossEntropyWithLogits(root, logits, labels).loss,
                          ops::Const(root, {0}));
  absl::StatusOr<train::GraphVariable> step = train::GetOrCreateGlobalStep(root);
  EXPECT_OK(step.status());
  train::AdamOptimizer adam({.learning_rate = 0.01});
  absl::StatusOr<Operation> train_op = adam.Minimize(root, loss, {.global_step = step->ref});
  EXPECT_OK(train_op.status());
  train::GlobalVariablesInitializer(root.WithOpName("init"));
  EXPECT_OK(root.status());
  Net net;
  net.graph = GraphToGraphDef(*root.graph());
  net.loss = "loss";
  net.train = train_op->name();
  net.variables = {"k1/v", "b1/v", "k2/v", "b2/v", "w/v", "b3/v"};
  Tensor one_hot = rill::testing::RandomTensor(DT_FLOAT, TensorShape({8, 10}), 7, 0, 1);
  net.feeds = {{"images", rill::testing::RandomTensor(DT_FLOAT, TensorShape({8, 12, 12, 1}), 5)},
               {"labels", one_hot}};
  return net;
}

struct Trace {
  std::vector<Tensor> losses;
  std::vector<Tensor> variables;
};

Trace Train(const Net& net, int threads, int opt_level, int steps) {
  SessionOptions options;
  options.num_threads = threads;
  options.opt_level = opt_level;
  options.graph_seed = 99;
  Trace trace;
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(net.graph, options);
  EXPECT_OK(session.status());
  if (!session.ok()) return trace;
  EXPECT_EQ((*session)->num_threads(), threads);
  std::vector<Tensor> out;
  EXPECT_OK((*session)->Run({}, {}, {"init"}, &out));
  for (int i = 0; i < steps; ++i) {
    EXPECT_OK((*session)->Run(net.feeds, {net.loss}, {net.train}, &out)) << "step " << i;
    if (out.empty()) return trace;
    trace.losses.push_back(out[0]);
  }
  EXPECT_OK((*session)->Run({}, net.variables, {}, &out));
  trace.variables = out;
  return trace;
}

void ExpectThreadCountsAgreeBitwise(const Net& net, int steps) {
  const Trace one = Train(net, 1, 3, steps);
  const Trace two = Train(net, 2, 3, steps);
  const Trace ref = Train(net, 1, 0, steps);
  ASSERT_EQ(one.losses.size(), static_cast<size_t>(steps));
  ASSERT_EQ(two.losses.size(), one.losses.size());
  ASSERT_EQ(ref.losses.size(), one.losses.size());
  for (int i = 0; i < steps; ++i) {
    EXPECT_TRUE(one.losses[i].BitwiseEqual(two.losses[i]))
        << "step " << i << ": " << one.losses[i].DebugString() << " vs "
        << two.losses[i].DebugString();
    EXPECT_TRUE(rill::testing::NearlyEqual(one.losses[i], ref.losses[i],
                                           rill::testing::kTrainingTolerance))
        << "step " << i;
  }
  ASSERT_EQ(one.variables.size(), net.variables.size());
  ASSERT_EQ(two.variables.size(), net.variables.size());
  ASSERT_EQ(ref.variables.size(), net.variables.size());
  for (size_t v = 0; v < net.variables.size(); ++v) {
    EXPECT_TRUE(one.variables[v].BitwiseEqual(two.variables[v])) << net.variables[v];
    EXPECT_TRUE(rill::testing::NearlyEqual(one.variables[v], ref.variables[v],
                                           rill::testing::kTrainingTolerance))
        << net.variables[v];
  }
  // Training moved: the loss went down.
  EXPECT_LT(one.losses.back().data<float>()[0], one.losses.front().data<float>()[0]);
}

TEST(CompiledThreadsTest, MlpAdamStepsAreBitwiseEqualOnOneAndTwoThreads) {
  ExpectThreadCountsAgreeBitwise(Mlp(), 10);
}

TEST(CompiledThreadsTest, CnnAdamStepsAreBitwiseEqualOnOneAndTwoThreads) {
  const Net net = Cnn();
  // The step's convolutions (forward with fused bias + relu, and both backprops) and its matrix
  // products are native runtime calls.
  std::vector<compiler::FeedSpec> feeds;
  for (const auto& [name, value] : net.feeds) feeds.push_back({name, value.dtype(), value.shape()});
  ASSERT_OK_AND_ASSIGN(auto exe, compiler::Compile(net.graph, {feeds, {net.loss}, {net.train}}));
  std::map<std::string, int> native;
  for (const std::string& node : exe->compiled_nodes()) {
    ++native[exe->optimized_graph().FindNode(node)->op()];
  }
  EXPECT_EQ(native["RillFusedConv2D"], 2);
  EXPECT_EQ(native["Conv2DBackpropFilter"], 2);
  EXPECT_EQ(native["Conv2DBackpropInput"], 1);  // none for the fed images
  EXPECT_EQ(native["RillFusedMatMul"], 1);
  EXPECT_EQ(native["MatMul"], 2);
  ExpectThreadCountsAgreeBitwise(net, 5);
}

}  // namespace
}  // namespace rill
