// ShapeRefiner: runs the registered shape functions node by node, recording each output's dtype
// and PartialShape. Used incrementally by Scope and over a whole graph by ValidateGraph.
#ifndef RILL_GRAPH_SHAPE_REFINER_H_
#define RILL_GRAPH_SHAPE_REFINER_H_

#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/graph.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"
#include "ops/op_registry.h"

namespace rill {

// The inferred dtype and shape of each output of one node, and what its shape function
// published about the output values (see ShapeContext::set_output_tensor/_shape_value).
struct NodeOutputs {
  std::vector<DataType> dtypes;
  std::vector<PartialShape> shapes;
  std::vector<Tensor> tensors;                            // invalid where the value is unknown
  std::vector<std::optional<PartialShape>> shape_values;  // the dims a shape tensor holds
};

// Infers output dtypes and shapes of the nodes of one Graph. Not thread-safe.
class ShapeRefiner {
 public:
  // `registry` must outlive the refiner.
  explicit ShapeRefiner(const OpRegistry& registry = *OpRegistry::Global());

  // Checks `node` against its op (ResolveNodeSignature and CheckDataInput: registered, attrs,
  // input count, ports, dtypes), then runs the op's shape function on its inputs' shapes. Every
  // data producer must have been added before (FailedPrecondition otherwise). Errors are prefixed
  // "node 'x' (Op): ". Re-adding a node recomputes it.
  absl::Status AddNode(const Node& node);

  // The outputs of an added node, or null.
  const NodeOutputs* outputs(const Node& node) const;
  // Dtype and shape of output `port` of an added node; InvalidArgument if absent.
  absl::StatusOr<std::pair<DataType, PartialShape>> output(const Node& node, int port) const;

 private:
  const OpRegistry& registry_;
  std::vector<std::unique_ptr<NodeOutputs>> by_id_;  // indexed by node id
};

// Runs a ShapeRefiner over every node of `graph` in topological order (InvalidArgument on a cycle).
absl::StatusOr<std::unique_ptr<ShapeRefiner>> InferShapes(
    const Graph& graph, const OpRegistry& registry = *OpRegistry::Global());

}  // namespace rill

#endif  // RILL_GRAPH_SHAPE_REFINER_H_
