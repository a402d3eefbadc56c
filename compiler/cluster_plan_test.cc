// Tests of cluster formation: hoisted constants, host ops and variable writes end clusters,
// members must follow the same variable writes, and a cluster's inputs and outputs.
#include "compiler/cluster_plan.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"

namespace rill::compiler {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

std::vector<std::string> Names(const std::vector<Node*>& nodes) {
  std::vector<std::string> names;
  for (const Node* n : nodes) names.push_back(n->name());
  return names;
}

class ClusterPlanTest : public ::testing::Test {
 protected:
  // x, v; a = x^2; k; b = a + k; assign v = b; (after assign) c = b * k, d = c + v; e = x * k.
  void SetUp() override {
    Output x = ops::Placeholder(root_.WithOpName("x"), DT_FLOAT, {.shape = {2}});
    Output v = ops::VariableV2(root_.WithOpName("v"), PartialShape({2}), DT_FLOAT);
    Output a = ops::Square(root_.WithOpName("a"), x);
    Output k = ops::Const(root_.WithOpName("k"), 2.0f);
    Output b = ops::Add(root_.WithOpName("b"), a, k);
    Output assign = ops::Assign(root_.WithOpName("assign"), v, b);
    const Scope after = root_.WithControlDependencies(assign);
    Output c = ops::Mul(after.WithOpName("c"), b, k);
    ops::Add(root_.WithOpName("d"), c, v);
    ops::Mul(root_.WithOpName("e"), x, k);
    ASSERT_OK(root_.status());
    for (const char* name : {"x", "v", "a", "k", "b", "assign", "c", "d", "e"}) {
      schedule_.push_back(root_.graph()->FindNode(name));
      ASSERT_NE(schedule_.back(), nullptr) << name;
    }
  }

  Scope root_ = Scope::NewRootScope();
  std::vector<Node*> schedule_;
};

TEST_F(ClusterPlanTest, WritesAndHostOpsEndClustersAndConstantsAreHoisted) {
  ASSERT_OK_AND_ASSIGN(std::vector<Cluster> clusters,
                       FormClusters(schedule_, {"a", "b", "c", "d", "e"}, {}, {}, {"d", "e"},
                                    {"assign"}, {}, *OpRegistry::Global()));
  ASSERT_EQ(clusters.size(), 3u);
  // a, b with the constant between them hoisted; b's value leaves (Assign and c read it).
  EXPECT_THAT(Names(clusters[0].members), ElementsAre("a", "b"));
  EXPECT_THAT(Names(clusters[0].hoisted), ElementsAre("k"));
  EXPECT_THAT(clusters[0].inputs, ElementsAre(Pair(0, 0), Pair(1, 1)));
  EXPECT_THAT(clusters[0].outputs, ElementsAre(Pair(1, 0)));
  // The Assign (a variable write) ends the cluster; c and d both follow it.
  EXPECT_THAT(Names(clusters[1].members), ElementsAre("c", "d"));
  EXPECT_THAT(clusters[1].inputs, ElementsAre(Pair(0, 0), Pair(0, 1), Pair(1, 1)));
  EXPECT_THAT(clusters[1].outputs, ElementsAre(Pair(1, 0)));  // d is fetched
  // e is not ordered after the Assign: reading a variable there could see another version, so
  // it starts a cluster of its own.
  EXPECT_THAT(Names(clusters[2].members), ElementsAre("e"));
  EXPECT_THAT(ClustersToText(clusters), ::testing::HasSubstr("cluster 1: 2 members"));
}

TEST_F(ClusterPlanTest, FedOutputsAndNodesTheFeedsCutOffAreNotMembers) {
  // Feeding b cuts a (and x) off; b itself is fed, so c starts the first cluster.
  ASSERT_OK_AND_ASSIGN(std::vector<Cluster> clusters,
                       FormClusters(schedule_, {"a", "b", "c", "d", "e"}, {}, {}, {"d"}, {"assign"},
                                    {"b:0"}, *OpRegistry::Global()));
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_THAT(Names(clusters[0].members), ElementsAre("c", "d"));
}

TEST_F(ClusterPlanTest, NonNativeNodesAreNotMembers) {
  ASSERT_OK_AND_ASSIGN(std::vector<Cluster> clusters,
                       FormClusters(schedule_, {"a", "c", "d"}, {}, {}, {"d", "e"}, {"assign"}, {},
                                    *OpRegistry::Global()));
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_THAT(Names(clusters[0].members), ElementsAre("a"));  // b (reference) reads a
  EXPECT_THAT(Names(clusters[1].members), ElementsAre("c", "d"));
}

TEST_F(ClusterPlanTest, InPlaceWritersJoinAndReadersNeedNotFollowThem) {
  // The Assign joins as a writer; c and d follow it, e does not: the writes outside the cluster
  // (none) are what must match, so all of a..e form one cluster.
  ASSERT_OK_AND_ASSIGN(std::vector<Cluster> clusters,
                       FormClusters(schedule_, {"a", "b", "c", "d", "e"}, {"assign"}, {},
                                    {"d", "e"}, {"assign"}, {}, *OpRegistry::Global()));
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_THAT(Names(clusters[0].members), ElementsAre("a", "b", "assign", "c", "d", "e"));
  // The Assign's reference input (v) is an input; its reference output is not an output.
  EXPECT_THAT(clusters[0].inputs, ::testing::Contains(Pair(2, 0)));
  for (const auto& [member, port] : clusters[0].outputs) EXPECT_NE(member, 2);
  // A writer the plan may not run natively stays a boundary.
  ASSERT_OK_AND_ASSIGN(clusters, FormClusters(schedule_, {"a", "b", "c", "d", "e"}, {}, {},
                                              {"d", "e"}, {"assign"}, {},
                                              *OpRegistry::Global()));
  EXPECT_EQ(clusters.size(), 3u);
}

}  // namespace
}  // namespace rill::compiler
