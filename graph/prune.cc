// PruneGraph: marks what the fetches and targets reach backwards (explicit stack) and drops the
// rest.
#include "graph/prune.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/tensor_id.h"

namespace rill {
namespace {

absl::StatusOr<Node*> ResolveFetch(const Graph& graph, const std::string& fetch) {
  absl::StatusOr<TensorId> id = ParseTensorName(fetch);
  if (!id.ok()) return internal::AddContext(id.status(), absl::StrCat("fetch '", fetch, "'"));
  if (id->IsControl()) {
    return absl::InvalidArgumentError(
        absl::StrCat("fetch '", fetch, "': a control name cannot be fetched; list it as a target"));
  }
  Node* node = graph.FindNode(id->node);
  if (node == nullptr) {
    return absl::NotFoundError(absl::StrCat("fetch '", fetch, "': no node named '", id->node, "'"));
  }
  return node;
}

absl::StatusOr<Node*> ResolveTarget(const Graph& graph, const std::string& target) {
  Node* node = graph.FindNode(target);
  if (node == nullptr) {
    return absl::NotFoundError(absl::StrCat("target '", target, "': no node named '", target,
                                            "' (targets are node names, without ':port')"));
  }
  return node;
}

}  // namespace

absl::Status PruneGraph(Graph* graph, absl::Span<const std::string> fetches,
                        absl::Span<const std::string> targets) {
  if (fetches.empty() && targets.empty()) {
    return absl::InvalidArgumentError("pruning needs at least one fetch or target");
  }
  std::vector<Node*> stack;
  for (const std::string& f : fetches) {
    ASSIGN_OR_RETURN(Node * n, ResolveFetch(*graph, f));
    stack.push_back(n);
  }
  for (const std::string& t : targets) {
    ASSIGN_OR_RETURN(Node * n, ResolveTarget(*graph, t));
    stack.push_back(n);
  }
  std::vector<bool> needed(graph->node_id_bound(), false);
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    if (needed[n->id()]) continue;
    needed[n->id()] = true;
    for (const Edge* e : n->data_inputs()) stack.push_back(e->src);
    for (const Edge* e : n->control_inputs()) stack.push_back(e->src);
  }
  std::vector<Node*> doomed;
  for (Node* n : graph->nodes()) {
    if (!needed[n->id()]) doomed.push_back(n);
  }
  // Needed nodes only take inputs from needed nodes, so nothing that stays loses an input.
  return graph->RemoveNodes(doomed);
}

}  // namespace rill
