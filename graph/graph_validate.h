// Whole-graph validation against the op registry (structure, attrs, dtypes, cycles, shapes), and
// filling in declared attr defaults (TensorFlow's AddDefaultAttrsToGraphDef).
#ifndef RILL_GRAPH_GRAPH_VALIDATE_H_
#define RILL_GRAPH_GRAPH_VALIDATE_H_

#include "absl/status/status.h"
#include "graph/graph.h"
#include "graph/graph.pb.h"
#include "ops/op_registry.h"

namespace rill {

// For every node whose op is registered, adds the op's default for each declared attr the node
// lacks. Nodes with unregistered ops are left alone (ValidateGraph reports them). Returns the
// number of attrs added.
int AddDefaultAttrs(Graph* graph, const OpRegistry& registry = *OpRegistry::Global());

// Checks `graph` and returns the first problem, naming the node and field:
//   1. per node, in insertion order: the op is registered (NotFound); attrs are declared (names
//      starting with '_' are ignored), present or defaulted, well typed and allowed; the number
//      of data inputs matches the op;
//   2. per data input: the producer has that output port, and its dtype matches;
//   3. no cycle through data or control edges;
//   4. shape functions in topological order (e.g. "node 'dense/MatMul' (MatMul): inner dims 3 vs
//   4").
// Everything is iterative: input-controlled depth never becomes stack depth.
// Structural problems (empty/duplicate names, dangling inputs, control inputs before data inputs)
// cannot be represented in a Graph: GraphFromGraphDef reports them.
absl::Status ValidateGraph(const Graph& graph, const OpRegistry& registry = *OpRegistry::Global());

// GraphFromGraphDef + ValidateGraph (without adding defaults: a missing attr with a default is
// valid either way).
absl::Status ValidateGraphDef(const GraphDef& def,
                              const OpRegistry& registry = *OpRegistry::Global());

}  // namespace rill

#endif  // RILL_GRAPH_GRAPH_VALIDATE_H_
