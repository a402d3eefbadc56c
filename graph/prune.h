// Pruning a Graph to the nodes that given fetches and targets need.
#ifndef RILL_GRAPH_PRUNE_H_
#define RILL_GRAPH_PRUNE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "graph/graph.h"

namespace rill {

// Removes every node that no fetch or target needs. `fetches` are tensor names ("node" or
// "node:port"), `targets` are node names run for their effect; a node is needed when a fetch or
// target reaches it backwards through data or control inputs. Iterative, linear time.
// NotFound for a name with no such node; InvalidArgument for a malformed name or when both lists
// are empty. Ports are checked against op signatures by ValidateGraph, not here.
absl::Status PruneGraph(Graph* graph, absl::Span<const std::string> fetches,
                        absl::Span<const std::string> targets);

}  // namespace rill

#endif  // RILL_GRAPH_PRUNE_H_
