// GraphDef -> Graph (structural checks with node- and field-precise errors) and Graph -> GraphDef.
#include "graph/graph_convert.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/tensor_id.h"

namespace rill {
namespace {

// "node 'x'" when the name is usable, else "node #i" (position in the GraphDef).
std::string NodeLabel(const NodeDef& node, int index) {
  if (node.name().empty()) return absl::StrCat("node #", index);
  return absl::StrCat("node '", node.name(), "'");
}

absl::Status AddNodes(const GraphDef& def, Graph* graph) {
  for (int i = 0; i < def.node_size(); ++i) {
    const NodeDef& nd = def.node(i);
    if (nd.name().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("node #", i, " (op '", nd.op(), "'): field 'name' is empty"));
    }
    RETURN_IF_ERROR_WITH_CONTEXT(ValidateNodeName(nd.name()),
                                 absl::StrCat("node #", i, ": field 'name'"));
    if (graph->FindNode(nd.name()) != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("node #", i, ": duplicate node name '", nd.name(), "'"));
    }
    if (nd.op().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(NodeLabel(nd, i), ": field 'op' is empty"));
    }
    NodeDef copy = nd;
    copy.clear_input();
    RETURN_IF_ERROR(graph->AddNode(std::move(copy)));
  }
  return absl::OkStatus();
}

absl::Status AddInputs(const NodeDef& nd, Graph* graph) {
  Node* dst = graph->FindNode(nd.name());
  bool seen_control = false;
  for (int j = 0; j < nd.input_size(); ++j) {
    const std::string context =
        absl::StrCat("node '", nd.name(), "' input ", j, " ('", nd.input(j), "')");
    absl::StatusOr<TensorId> parsed = ParseTensorName(nd.input(j));
    if (!parsed.ok()) return internal::AddContext(parsed.status(), context);
    const TensorId& id = *parsed;
    Node* src = graph->FindNode(id.node);
    if (src == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(context, ": no node named '", id.node, "' in the graph"));
    }
    if (id.IsControl()) {
      seen_control = true;
      RETURN_IF_ERROR(graph->AddControlInput(dst, src));
      continue;
    }
    if (seen_control) {
      return absl::InvalidArgumentError(absl::StrCat(
          context, ": data input after a control input; control inputs ('^x') must come last"));
    }
    RETURN_IF_ERROR(graph->AddDataInput(dst, src, id.index));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Graph>> GraphFromGraphDef(const GraphDef& def) {
  auto graph = std::make_unique<Graph>();
  RETURN_IF_ERROR(AddNodes(def, graph.get()));
  for (const NodeDef& nd : def.node()) RETURN_IF_ERROR(AddInputs(nd, graph.get()));
  *graph->mutable_versions() = def.versions();
  *graph->mutable_library() = def.library();
  return graph;
}

GraphDef GraphToGraphDef(const Graph& graph) {
  GraphDef def;
  def.mutable_node()->Reserve(graph.num_nodes());
  for (const Node* node : graph.nodes()) {
    NodeDef* nd = def.add_node();
    *nd = node->def();
    for (int i = 0; i < node->num_data_inputs(); ++i) nd->add_input(node->DataInputName(i));
    for (const Edge* e : node->control_inputs()) nd->add_input(absl::StrCat("^", e->src->name()));
  }
  *def.mutable_versions() = graph.versions();
  if (graph.library().ByteSizeLong() > 0) *def.mutable_library() = graph.library();
  return def;
}

}  // namespace rill
