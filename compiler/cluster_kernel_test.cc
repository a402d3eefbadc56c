// Clusters of native kernels inside compiled executables: host ops split clusters, failures name
// the member exactly as the per-node path does, fetched intermediates stay intact across runs,
// per-member timings, and the "clusters" dump.
#include "compiler/cluster_kernel.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/reduce_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::RandomTensor;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// Both modes of one graph.
struct Pair {
  std::unique_ptr<Executable> per_node, clustered;
};

Pair CompileBoth(const GraphDef& g, const CompileSpec& spec, CompileOptions options = {}) {
  Pair p;
  options.cluster_kernels = false;
  p.per_node = *Compile(g, spec, options);
  options.cluster_kernels = true;
  p.clustered = *Compile(g, spec, options);
  return p;
}

// x -> Square -> +1 (cluster 1) -> StringFormat -> PrintV2 (host ops); then, after the print,
// *2 and -x (cluster 2). Fetches the formatted string and the last value.
GraphDef HostOpInTheMiddle() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 4}});
  Output w = ops::Const(root.WithOpName("w"), RandomTensor(DT_FLOAT, TensorShape({4, 4}), 1));
  Output a = ops::MatMul(root.WithOpName("a"), x, w);
  Output b = ops::Add(root.WithOpName("b"), ops::Square(root, a), ops::Const(root, 1.0f));
  Output text = ops::StringFormat(root.WithOpName("text"), {b});
  Operation print = ops::PrintV2(root.WithOpName("print"), text);
  const Scope after = root.WithControlDependencies({print});
  Output c = ops::MatMul(after.WithOpName("c"), b, w);
  ops::Sub(root.WithOpName("d"), ops::Mul(root, c, ops::Const(root, 2.0f)), x);
  return *root.ToGraphDef();
}

TEST(ClusterKernelTest, HostOpBetweenTwoClusters) {
  const CompileSpec spec{{{"x", DT_FLOAT, TensorShape({2, 4})}}, {"text", "d"}, {}};
  Pair p = CompileBoth(HostOpInTheMiddle(), spec);
  ASSERT_NE(p.per_node, nullptr);
  ASSERT_NE(p.clustered, nullptr);
  ASSERT_EQ(p.clustered->clusters().size(), 2u);
  const Tensor x = RandomTensor(DT_FLOAT, TensorShape({2, 4}), 5);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, p.per_node->Run({x}, 0));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, p.clustered->Run({x}, 0));
  EXPECT_TRUE(got[0].BitwiseEqual(want[0])) << got[0].DebugString();
  EXPECT_TRUE(got[1].BitwiseEqual(want[1])) << got[1].DebugString() << " vs "
                                            << want[1].DebugString();
  const ExecutableRunStats& stats = p.clustered->last_run_stats();
  EXPECT_EQ(stats.clusters_run, 2);
  EXPECT_EQ(stats.native_calls, 2);
  EXPECT_THAT(stats.reference_nodes, ::testing::IsSupersetOf({"text", "print"}));
  EXPECT_EQ(stats.nodes_run, p.per_node->last_run_stats().nodes_run);
  EXPECT_EQ(stats.compiled_kernels_run, p.per_node->last_run_stats().compiled_kernels_run);
  // The first cluster ends before the host op reading its value; the second starts after it.
  EXPECT_THAT(p.clustered->clusters()[0], ::testing::Contains("a"));
  EXPECT_THAT(p.clustered->clusters()[1], ::testing::Contains("c"));
}

// logits = x w + 1; sparse cross entropy against fed labels; mean: one cluster whose second
// member fails on a label out of range.
GraphDef SparseXent() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Output labels = ops::Placeholder(root.WithOpName("labels"), DT_INT32, {.shape = {2}});
  Output w = ops::Const(root.WithOpName("w"), RandomTensor(DT_FLOAT, TensorShape({3, 3}), 2));
  Output logits = ops::MatMul(root.WithOpName("logits"), x, w);
  Output xent = ops::SparseSoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), logits, labels)
                    .loss;
  ops::Mean(root.WithOpName("loss"), xent, ops::Const(root, {0}));
  return *root.ToGraphDef();
}

TEST(ClusterKernelTest, FailureInsideAClusterNamesTheMemberAsPerNodeDoes) {
  const CompileSpec spec{{{"x", DT_FLOAT, TensorShape({2, 3})}, {"labels", DT_INT32, TensorShape({2})}},
                         {"loss"},
                         {}};
  Pair p = CompileBoth(SparseXent(), spec);
  ASSERT_NE(p.clustered, nullptr);
  ASSERT_EQ(p.clustered->clusters().size(), 1u);
  EXPECT_GE(p.clustered->clusters()[0].size(), 3u);
  const Tensor x = RandomTensor(DT_FLOAT, TensorShape({2, 3}), 3);
  ASSERT_OK_AND_ASSIGN(Tensor good, Tensor::FromVector<int32_t>({0, 2}, TensorShape({2})));
  ASSERT_OK_AND_ASSIGN(Tensor bad, Tensor::FromVector<int32_t>({1, 7}, TensorShape({2})));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, p.per_node->Run({x, good}, 0));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, p.clustered->Run({x, good}, 0));
  EXPECT_TRUE(got[0].BitwiseEqual(want[0]));
  const absl::Status per_node = p.per_node->Run({x, bad}, 1).status();
  const absl::Status clustered = p.clustered->Run({x, bad}, 1).status();
  EXPECT_THAT(per_node, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("xent")));
  EXPECT_EQ(clustered, per_node);
  // Poisoned and timed runs call the members one by one: the same message.
  CompileOptions poisoned;
  poisoned.poison_dead_buffers = true;
  Pair q = CompileBoth(SparseXent(), spec, poisoned);
  EXPECT_EQ(q.clustered->Run({x, bad}, 1).status(), per_node);
  p.clustered->set_collect_timing(true);
  EXPECT_EQ(p.clustered->Run({x, bad}, 1).status(), per_node);
}

// Three products; the middle one is fetched (an intermediate of the cluster).
GraphDef Products() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {4, 4}});
  Output y1 = ops::MatMul(root.WithOpName("y1"), x, x);
  Output y2 = ops::MatMul(root.WithOpName("y2"), y1, x);
  Output y3 = ops::MatMul(root.WithOpName("y3"), y2, x);
  ops::Reshape(root.WithOpName("flat"), ops::MatMul(root.WithOpName("y4"), y3, x),
               ops::Const(root, {16}));
  return *root.ToGraphDef();
}

TEST(ClusterKernelTest, FetchedIntermediatesAreRightAndSurviveLaterRuns) {
  const TensorShape s({4, 4});
  Pair p = CompileBoth(Products(), {{{"x", DT_FLOAT, s}}, {"y2", "flat"}, {}});
  ASSERT_NE(p.clustered, nullptr);
  ASSERT_EQ(p.clustered->clusters().size(), 1u);
  EXPECT_EQ(p.clustered->clusters()[0].size(), 5u);  // y1..y4 and the Reshape view
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> first, p.clustered->Run({RandomTensor(DT_FLOAT, s, 1)}, 0));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, p.per_node->Run({RandomTensor(DT_FLOAT, s, 1)}, 0));
  std::vector<Tensor> kept;
  for (const Tensor& t : first) kept.push_back(t.DeepCopy());
  ASSERT_OK(p.clustered->Run({RandomTensor(DT_FLOAT, s, 2)}, 1).status());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_TRUE(first[i].BitwiseEqual(want[i])) << "fetch " << i;
    EXPECT_TRUE(first[i].BitwiseEqual(kept[i])) << "fetch " << i << " changed by a later run";
  }
  EXPECT_EQ(p.clustered->last_run_stats().native_calls, 1);
}

TEST(ClusterKernelTest, TimedRunsReportEveryMember) {
  const TensorShape s({4, 4});
  Pair p = CompileBoth(Products(), {{{"x", DT_FLOAT, s}}, {"flat"}, {}});
  ASSERT_NE(p.clustered, nullptr);
  p.clustered->set_collect_timing(true);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, p.clustered->Run({RandomTensor(DT_FLOAT, s, 1)}, 0));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, p.per_node->Run({RandomTensor(DT_FLOAT, s, 1)}, 0));
  EXPECT_TRUE(got[0].BitwiseEqual(want[0]));
  std::vector<std::string> timed;
  for (const NodeTiming& t : p.clustered->last_run_stats().timings) {
    if (t.replaced) timed.push_back(t.node);
  }
  EXPECT_THAT(timed, ::testing::ElementsAre("y1", "y2", "y3", "y4"));
  EXPECT_EQ(p.clustered->last_run_stats().native_calls, 4);  // member by member when timed
}

TEST(ClusterKernelTest, ClustersDumpListsTheMembers) {
  std::string dumped;
  CompileOptions options;
  options.dump_after = {"clusters"};
  options.dump = [&](absl::string_view stage, absl::string_view text) {
    if (stage == "clusters") dumped = std::string(text);
  };
  ASSERT_OK(Compile(Products(), {{{"x", DT_FLOAT, TensorShape({4, 4})}}, {"flat"}, {}}, options)
                .status());
  EXPECT_THAT(dumped, HasSubstr("cluster 0: 5 members"));
  EXPECT_THAT(dumped, HasSubstr("  y1 (MatMul)\n"));
  EXPECT_THAT(dumped, HasSubstr("  flat (Reshape)\n"));
}

}  // namespace
}  // namespace rill::compiler
