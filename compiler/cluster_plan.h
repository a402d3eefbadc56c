// Cluster formation: groups the native kernels of an executable's schedule into clusters, each
// run as one native call (compiler/cluster_kernel.h) while host ops run between clusters.
#ifndef RILL_COMPILER_CLUSTER_PLAN_H_
#define RILL_COMPILER_CLUSTER_PLAN_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "graph/graph.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// A maximal run of native kernels of the schedule that may run back to back.
struct Cluster {
  std::vector<Node*> members;  // in schedule order
  // Non-members between the first and the last member: they take nothing from a member and
  // write no variable, so they run before the members (Const, VariableV2, host ops...).
  std::vector<Node*> hoisted;
  // Data inputs from outside (member index, input index; variable references included), and
  // member value outputs read outside the cluster or fetched (member index, output port; a
  // writer's reference outputs are not listed).
  std::vector<std::pair<int, int>> inputs;
  std::vector<std::pair<int, int>> outputs;
};

// Forms clusters over `schedule` (the executor's node order; everything in it runs, except what
// the feeds cut off). `native` are the nodes with a compiled kernel that writes fresh outputs
// (no in-place update); `views` the nodes whose output 0 is input 0's bytes with a static shape
// (forwarding ops such as Reshape), which join a cluster as an alias of their input; `fetches`/`targets`/`feeds` are what the executable runs with ("node:port"
// names for fetches and feeds, node names for targets).
// `views` may also hold NoOps (no data input, no output), members that run nothing.
// `in_place` are the nodes with a compiled kernel that updates its reference inputs in place
// (Apply*, Assign, AssignAdd...): they join as variable writers.
// A member has no fed output; only an in-place writer takes or produces variable references, and
// it takes them from outside the cluster (no member reads a member's reference output). Every
// member is ordered after the same variable writers outside the cluster (nodes with a reference
// input, through data and control edges) as the cluster's first member, so one outside write
// set serves the whole cluster; which writers inside the cluster a member is ordered after the
// executor derives from the members' edges (interpreter.h, NodeGroup). A node that is neither
// member nor hoistable ends the cluster.
absl::StatusOr<std::vector<Cluster>> FormClusters(absl::Span<Node* const> schedule,
                                                  const absl::flat_hash_set<std::string>& native,
                                                  const absl::flat_hash_set<std::string>& in_place,
                                                  const absl::flat_hash_set<std::string>& views,
                                                  const std::vector<std::string>& fetches,
                                                  const std::vector<std::string>& targets,
                                                  const std::vector<std::string>& feeds,
                                                  const OpRegistry& registry);

// The clusters as text, one member per line under a header per cluster (the "clusters" dump).
std::string ClustersToText(const std::vector<Cluster>& clusters);

}  // namespace rill::compiler

#endif  // RILL_COMPILER_CLUSTER_PLAN_H_
