// CSE over a topological order, so a node's inputs are already canonical when it is keyed.
#include "compiler/passes/common_subexpression_elimination.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph_io.h"
#include "graph/topological_order.h"

namespace rill::compiler {
namespace {

// A string that is equal for two nodes exactly when they compute the same value.
std::string NodeKey(const Node& n, bool commutative) {
  std::string key = absl::StrCat(n.op(), "|", n.device(), "|");
  std::map<std::string, std::string> attrs;  // sorted: map order in protobuf is unspecified
  for (const auto& [name, value] : n.attrs()) attrs[name] = SerializeDeterministic(value);
  for (const auto& [name, bytes] : attrs) absl::StrAppend(&key, name.size(), ":", name, bytes.size(), ":", bytes);
  std::vector<std::pair<int, int>> inputs;
  for (const Edge* e : n.data_inputs()) inputs.emplace_back(e->src->id(), e->src_output);
  if (commutative) std::sort(inputs.begin(), inputs.end());
  absl::StrAppend(&key, "|in:");
  for (const auto& [id, port] : inputs) absl::StrAppend(&key, id, ":", port, ",");
  std::vector<int> controls;
  for (const Edge* e : n.control_inputs()) controls.push_back(e->src->id());
  std::sort(controls.begin(), controls.end());
  absl::StrAppend(&key, "|ctl:");
  for (int id : controls) absl::StrAppend(&key, id, ",");
  return key;
}

// Moves every use of `from` (data, by port, and control) to `to`.
absl::Status MoveUses(Graph* graph, Node* from, Node* to) {
  std::vector<int> ports;
  std::vector<Node*> control_users;
  for (const Edge* e : from->out_edges()) {
    if (e->IsControl()) {
      control_users.push_back(e->dst);
    } else if (std::find(ports.begin(), ports.end(), e->src_output) == ports.end()) {
      ports.push_back(e->src_output);
    }
  }
  for (int port : ports) RETURN_IF_ERROR(graph->ReplaceAllUsesWith(from, port, to, port).status());
  for (Node* user : control_users) {
    graph->RemoveControlInput(user, from);
    RETURN_IF_ERROR(graph->AddControlInput(user, to).status());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<bool> CommonSubexpressionElimination::Run(Graph* graph) {
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(*graph));
  absl::flat_hash_map<std::string, Node*> seen;
  std::vector<Node*> removed;
  for (Node* n : order) {
    const OpRegistration* op = registry_.Find(n->op());
    if (op == nullptr || op->is_stateful()) continue;
    auto [it, inserted] = seen.emplace(NodeKey(*n, op->is_commutative()), n);
    if (inserted || keep_.contains(n->name())) continue;
    RETURN_IF_ERROR(MoveUses(graph, n, it->second));
    removed.push_back(n);
  }
  if (removed.empty()) return false;
  RETURN_IF_ERROR(graph->RemoveNodes(removed));
  return true;
}

}  // namespace rill::compiler
