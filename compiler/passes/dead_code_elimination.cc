// Dead-code elimination by backward reachability from the roots.
#include "compiler/passes/dead_code_elimination.h"

#include <vector>

#include "base/status_macros.h"

namespace rill::compiler {

absl::StatusOr<bool> DeadCodeElimination::Run(Graph* graph) {
  std::vector<bool> live(graph->node_id_bound(), false);
  std::vector<Node*> stack;
  for (Node* n : graph->nodes()) {
    const OpRegistration* op = registry_.Find(n->op());
    if (keep_.contains(n->name()) || op == nullptr || op->is_stateful()) {
      live[n->id()] = true;
      stack.push_back(n);
    }
  }
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    auto visit = [&](const Edge* e) {
      if (!live[e->src->id()]) {
        live[e->src->id()] = true;
        stack.push_back(e->src);
      }
    };
    for (const Edge* e : n->data_inputs()) visit(e);
    for (const Edge* e : n->control_inputs()) visit(e);
  }
  std::vector<Node*> dead;
  for (Node* n : graph->nodes()) {
    if (!live[n->id()]) dead.push_back(n);
  }
  if (dead.empty()) return false;
  RETURN_IF_ERROR(graph->RemoveNodes(dead));
  return true;
}

}  // namespace rill::compiler
