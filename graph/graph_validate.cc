// ValidateGraph: signatures, input dtypes and ports, cycles, then shapes; AddDefaultAttrs.
#include "graph/graph_validate.h"

#include <memory>
#include <vector>

#include "base/status_macros.h"
#include "graph/graph_convert.h"
#include "graph/node_signature.h"
#include "graph/shape_refiner.h"
#include "graph/topological_order.h"
#include "ops/attr_validation.h"

namespace rill {

int AddDefaultAttrs(Graph* graph, const OpRegistry& registry) {
  int added = 0;
  for (Node* node : graph->nodes()) {
    const OpRegistration* op = registry.Find(node->op());
    if (op == nullptr) continue;
    for (const OpDef::AttrDef& attr : op->def.attr()) {
      if (!attr.has_default_value() || node->attrs().contains(attr.name())) continue;
      node->SetAttr(attr.name(), attr.default_value());
      ++added;
    }
  }
  return added;
}

absl::Status ValidateGraph(const Graph& graph, const OpRegistry& registry) {
  const std::vector<Node*> nodes = graph.nodes();
  std::vector<NodeSignature> sigs(graph.node_id_bound());
  for (const Node* node : nodes) {
    ASSIGN_OR_RETURN(sigs[node->id()], ResolveNodeSignature(*node, registry));
  }
  for (const Node* node : nodes) {
    const NodeSignature& sig = sigs[node->id()];
    for (int i = 0; i < node->num_data_inputs(); ++i) {
      const Node& src = *node->data_inputs()[i]->src;
      RETURN_IF_ERROR(CheckDataInput(*node, sig, i, sigs[src.id()].outputs.dtypes));
    }
  }
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(graph));
  ShapeRefiner refiner(registry);
  for (const Node* node : order) RETURN_IF_ERROR(refiner.AddNode(*node));
  return absl::OkStatus();
}

absl::Status ValidateGraphDef(const GraphDef& def, const OpRegistry& registry) {
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, GraphFromGraphDef(def));
  return ValidateGraph(*graph, registry);
}

}  // namespace rill
