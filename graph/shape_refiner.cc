// ShapeRefiner: per-node signature checks, then the op's shape function on the producers' shapes.
#include "graph/shape_refiner.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/node_signature.h"
#include "graph/topological_order.h"
#include "ops/attr_slice.h"
#include "ops/shape_context.h"

namespace rill {

ShapeRefiner::ShapeRefiner(const OpRegistry& registry) : registry_(registry) {}

absl::Status ShapeRefiner::AddNode(const Node& node) {
  ASSIGN_OR_RETURN(NodeSignature sig, ResolveNodeSignature(node, registry_));
  std::vector<PartialShape> input_shapes;
  input_shapes.reserve(node.num_data_inputs());
  std::vector<const NodeOutputs*> producers;
  for (int i = 0; i < node.num_data_inputs(); ++i) {
    const Node& src = *node.data_inputs()[i]->src;
    const NodeOutputs* produced = outputs(src);
    if (produced == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat(NodeContext(node), ": input ", i, " comes from '", src.name(),
                       "', whose shapes are not inferred yet (add nodes in topological order)"));
    }
    RETURN_IF_ERROR(CheckDataInput(node, sig, i, produced->dtypes));
    input_shapes.push_back(produced->shapes[node.data_inputs()[i]->src_output]);
    producers.push_back(produced);
  }
  ShapeContext context(node.name(), node.op(), AttrSlice(node.attrs(), &sig.op->def),
                       sig.inputs.dtypes, std::move(input_shapes), sig.outputs.dtypes);
  for (int i = 0; i < node.num_data_inputs(); ++i) {
    const int port = node.data_inputs()[i]->src_output;
    const Tensor& value = producers[i]->tensors[port];
    const std::optional<PartialShape>& shape_value = producers[i]->shape_values[port];
    context.set_input_value(i, value.valid() ? &value : nullptr,
                            shape_value.has_value() ? &*shape_value : nullptr);
  }
  if (sig.op->shape_fn) {
    RETURN_IF_ERROR_WITH_CONTEXT(sig.op->shape_fn(context), NodeContext(node));
  }
  auto result = std::make_unique<NodeOutputs>();
  result->dtypes = std::move(sig.outputs.dtypes);
  result->shapes = context.outputs();
  result->tensors = context.output_tensors();
  result->shape_values = context.output_shape_values();
  if (static_cast<int>(by_id_.size()) <= node.id()) by_id_.resize(node.id() + 1);
  by_id_[node.id()] = std::move(result);
  return absl::OkStatus();
}

const NodeOutputs* ShapeRefiner::outputs(const Node& node) const {
  if (node.id() >= static_cast<int>(by_id_.size())) return nullptr;
  return by_id_[node.id()].get();
}

absl::StatusOr<std::pair<DataType, PartialShape>> ShapeRefiner::output(const Node& node,
                                                                       int port) const {
  const NodeOutputs* out = outputs(node);
  if (out == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("node '", node.name(), "' has no inferred shapes"));
  }
  if (port < 0 || port >= static_cast<int>(out->dtypes.size())) {
    return absl::InvalidArgumentError(absl::StrCat("node '", node.name(), "' has no output ", port,
                                                   " (it has ", out->dtypes.size(), ")"));
  }
  return std::make_pair(out->dtypes[port], out->shapes[port]);
}

absl::StatusOr<std::unique_ptr<ShapeRefiner>> InferShapes(const Graph& graph,
                                                          const OpRegistry& registry) {
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(graph));
  auto refiner = std::make_unique<ShapeRefiner>(registry);
  for (const Node* node : order) RETURN_IF_ERROR(refiner->AddNode(*node));
  return refiner;
}

}  // namespace rill
