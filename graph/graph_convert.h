// Conversion between the wire-format GraphDef and the in-memory Graph, both ways.
#ifndef RILL_GRAPH_GRAPH_CONVERT_H_
#define RILL_GRAPH_GRAPH_CONVERT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "graph/graph.h"
#include "graph/graph.pb.h"

namespace rill {

// Builds a Graph from `def`. Checks structure only (no op registry): every node has a valid,
// unique name and a non-empty op; every input parses ("node", "node:port", "^node"), names an
// existing node, and control inputs come after all data inputs (TensorFlow's rule). Attrs, op
// signatures, ports against op outputs, cycles and shapes are ValidateGraph's job. `versions` and
// `library` are kept; a GraphDef without `versions` has producer 0. Errors are InvalidArgument and
// name the node and the field, e.g. "node 'b' input 1 ('^a'): ...".
absl::StatusOr<std::unique_ptr<Graph>> GraphFromGraphDef(const GraphDef& def);

// Writes `graph` as a GraphDef: nodes in insertion order, each with its data inputs in port order
// ("node" for port 0, else "node:port") then its control inputs ("^node"); `versions` always, the
// `library` when it is not empty. Collections are not part of a GraphDef and are not written.
GraphDef GraphToGraphDef(const Graph& graph);

}  // namespace rill

#endif  // RILL_GRAPH_GRAPH_CONVERT_H_
