// ExpandCompositeOps: runs expand functions through a Scope over the graph and rewires uses.
#include "compiler/interpreter/expand_composites.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/node_signature.h"
#include "graph/scope.h"
#include "graph/topological_order.h"
#include "graph/types.h"
#include "ops/expand_context.h"

namespace rill {
namespace {

// Bounds the rounds of "expansions made new composites": a deeper chain is a bug in an expand
// function (e.g. one that emits its own op).
constexpr int kMaxRounds = 32;

bool ShouldExpand(const OpRegistration* op, ExpandPolicy policy) {
  if (op == nullptr || !op->expand) return false;
  switch (policy) {
    case ExpandPolicy::kWithoutKernel:
      return !op->reference_kernel;
    case ExpandPolicy::kAll:
      // A kept-whole op always has its kernel to fall back on when it cannot be lowered.
      return !op->reference_kernel || !CompilerKeepsWhole(op->name());
    case ExpandPolicy::kEveryComposite:
      return true;
  }
  return true;
}

// Expands one node; `root` builds into the node's graph.
absl::Status ExpandNode(const Scope& root, Node* node, const OpRegistration& op,
                        ExpansionMap* map) {
  const std::string context = NodeContext(*node);
  std::vector<Operation> control;
  for (const Edge* e : node->control_inputs()) control.emplace_back(e->src, std::vector<Output>{});
  Scope scope =
      root.NewSubScope(absl::StrCat(node->name(), "/expand")).WithControlDependencies(control);
  std::vector<Output> inputs;
  for (const Edge* e : node->data_inputs()) {
    ASSIGN_OR_RETURN(auto out, root.refiner().output(*e->src, e->src_output));
    inputs.emplace_back(e->src, e->src_output, out.first, out.second);
  }
  std::vector<Output> outputs;
  const NodeOutputs* produced = root.refiner().outputs(*node);
  if (produced == nullptr) return absl::InternalError(absl::StrCat(context, ": no shapes"));
  for (size_t i = 0; i < produced->dtypes.size(); ++i) {
    outputs.emplace_back(node, static_cast<int>(i), produced->dtypes[i], produced->shapes[i]);
  }
  ExpandContext c(scope, *node, op, inputs, outputs);
  if (absl::Status s = op.expand(c); !s.ok()) {
    // ExpandContext::InvalidArgument already names the node.
    if (absl::StartsWith(s.message(), context)) return s;
    return internal::AddContext(s, context);
  }
  if (!root.ok()) {
    return internal::AddContext(root.status(), absl::StrCat("expanding ", context));
  }
  std::vector<Node*> replacement_nodes;
  for (int i = 0; i < c.num_outputs(); ++i) {
    const Output& rep = c.replacements()[i];
    if (!rep.valid()) {
      return absl::InvalidArgumentError(
          absl::StrCat(context, ": the expand function did not set output ", i));
    }
    if (BaseType(rep.dtype()) != BaseType(c.output(i).dtype())) {
      return absl::InvalidArgumentError(absl::StrCat(
          context, ": the expansion of output ", i, " is ", DataTypeString(rep.dtype()),
          ", expected ", DataTypeString(c.output(i).dtype())));
    }
    Graph* graph = root.graph();
    RETURN_IF_ERROR(graph->ReplaceAllUsesWith(node, i, rep.node(), rep.index()).status());
    if (map != nullptr) {
      map->tensors[TensorId{node->name(), i}.ToString()] =
          TensorId{rep.node()->name(), rep.index()};
    }
    replacement_nodes.push_back(rep.node());
  }
  // Nodes that waited for the composite now wait for its replacement.
  std::vector<Node*> control_users;
  for (const Edge* e : node->out_edges()) {
    if (e->IsControl()) control_users.push_back(e->dst);
  }
  for (Node* user : control_users) {
    for (Node* rep : replacement_nodes) {
      RETURN_IF_ERROR(root.graph()->AddControlInput(user, rep).status());
    }
  }
  if (map != nullptr) {
    std::vector<std::string>& names = map->nodes[node->name()];
    for (Node* rep : replacement_nodes) names.push_back(rep->name());
  }
  return root.graph()->RemoveNode(node);
}

}  // namespace

bool CompilerKeepsWhole(absl::string_view op) {
  return op == "Softmax" || op == "LogSoftmax" || op == "SoftmaxCrossEntropyWithLogits";
}

absl::StatusOr<int> ExpandCompositeOps(Graph* graph, ExpansionMap* map, ExpandPolicy policy,
                                       const OpRegistry& registry) {
  int expanded = 0;
  for (int round = 0;; ++round) {
    ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(*graph));
    std::vector<Node*> composites;
    for (Node* node : order) {
      if (ShouldExpand(registry.Find(node->op()), policy)) composites.push_back(node);
    }
    if (composites.empty()) return expanded;
    if (round == kMaxRounds) {
      return absl::InternalError(absl::StrCat(NodeContext(*composites.front()),
                                              ": composite expansion did not terminate after ",
                                              kMaxRounds, " rounds"));
    }
    ASSIGN_OR_RETURN(Scope root, Scope::NewRootScopeForGraph(graph, registry));
    for (Node* node : composites) {
      RETURN_IF_ERROR(ExpandNode(root, node, *registry.Find(node->op()), map));
      ++expanded;
    }
  }
}

TensorId ResolveExpandedTensor(const ExpansionMap& map, TensorId id) {
  // Each step moves to a node created later, so the chain is finite; bound it anyway.
  for (int step = 0; step <= kMaxRounds; ++step) {
    auto it = map.tensors.find(id.ToString());
    if (it == map.tensors.end()) return id;
    id = it->second;
  }
  return id;
}

}  // namespace rill
