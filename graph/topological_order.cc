// Kahn's algorithm with an id-ordered ready queue; on failure, walks back along edges to name a
// cycle.
#include "graph/topological_order.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"

namespace rill {
namespace {

// How many cycle members an error message lists before eliding the rest.
constexpr int kMaxCycleNamesShown = 12;

// The first edge in `edges` whose source was never ordered, or null.
const Edge* UnorderedInput(const std::vector<const Edge*>& edges,
                           const std::vector<int>& pending_inputs) {
  for (const Edge* e : edges) {
    if (pending_inputs[e->src->id()] > 0) return e;
  }
  return nullptr;
}

// Every node with in-degree left after Kahn's algorithm has an input from another such node, so
// walking back along those inputs from any of them must revisit a node: that loop is a cycle.
absl::Status CycleError(const Graph& graph, const std::vector<int>& pending_inputs) {
  Node* start = nullptr;
  for (Node* n : graph.nodes()) {
    if (pending_inputs[n->id()] > 0) {
      start = n;
      break;
    }
  }
  RILL_CHECK(start != nullptr, "cycle reported but every node was ordered");
  std::vector<int> position(graph.node_id_bound(), -1);
  std::vector<const Edge*> path_edges;  // path_edges[i] enters walk[i] from walk[i + 1]
  std::vector<Node*> walk;
  Node* current = start;
  while (position[current->id()] < 0) {
    position[current->id()] = static_cast<int>(walk.size());
    walk.push_back(current);
    const Edge* back = UnorderedInput(current->data_inputs(), pending_inputs);
    if (back == nullptr) back = UnorderedInput(current->control_inputs(), pending_inputs);
    RILL_CHECK(back != nullptr, "unordered node without an unordered input");
    path_edges.push_back(back);
    current = back->src;
  }
  // The cycle is walk[position(current)] ... walk.back() -> current, traversed backwards.
  std::vector<std::string> names;
  const int first = position[current->id()];
  for (int i = static_cast<int>(walk.size()) - 1; i >= first; --i) {
    const bool control = path_edges[i]->IsControl();
    names.push_back(absl::StrCat(control ? "^" : "", path_edges[i]->src->name()));
  }
  names.push_back(current->name());
  const int cycle_length = static_cast<int>(names.size()) - 1;
  if (static_cast<int>(names.size()) > kMaxCycleNamesShown) {
    names.resize(kMaxCycleNamesShown);
    names.push_back("...");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("graph has a cycle through node '", current->name(), "' (", cycle_length,
                   " nodes, data and control edges; '^x' marks a control edge from x): ",
                   absl::StrJoin(names, " -> ")));
}

}  // namespace

absl::StatusOr<std::vector<Node*>> TopologicalOrder(const Graph& graph) {
  std::vector<int> pending_inputs(graph.node_id_bound(), 0);
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (Node* n : graph.nodes()) {
    pending_inputs[n->id()] = n->num_data_inputs() + static_cast<int>(n->control_inputs().size());
    if (pending_inputs[n->id()] == 0) ready.push(n->id());
  }
  std::vector<Node*> order;
  order.reserve(graph.num_nodes());
  while (!ready.empty()) {
    Node* n = graph.node(ready.top());
    ready.pop();
    order.push_back(n);
    for (const Edge* e : n->out_edges()) {
      if (--pending_inputs[e->dst->id()] == 0) ready.push(e->dst->id());
    }
  }
  if (static_cast<int>(order.size()) != graph.num_nodes()) return CycleError(graph, pending_inputs);
  return order;
}

}  // namespace rill
