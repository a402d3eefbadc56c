// Deterministic topological ordering of a Graph over data and control edges, with cycle reports.
#ifndef RILL_GRAPH_TOPOLOGICAL_ORDER_H_
#define RILL_GRAPH_TOPOLOGICAL_ORDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "graph/graph.h"

namespace rill {

// The live nodes of `graph` so that every node comes after all its data and control inputs.
// Stable: among nodes ready at the same time the earliest inserted comes first, so a graph built
// in dependency order comes back in insertion order. Iterative (no recursion), O(V log V + E).
// InvalidArgument naming the nodes of one cycle if the graph has a cycle.
absl::StatusOr<std::vector<Node*>> TopologicalOrder(const Graph& graph);

}  // namespace rill

#endif  // RILL_GRAPH_TOPOLOGICAL_ORDER_H_
