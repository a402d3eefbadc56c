// Resolves one Node against its registered op (attrs checked, input/output dtypes computed) and
// checks each data input against what its producer outputs. Shared by ValidateGraph and
// ShapeRefiner.
#ifndef RILL_GRAPH_NODE_SIGNATURE_H_
#define RILL_GRAPH_NODE_SIGNATURE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/graph.h"
#include "ops/arg_types.h"
#include "ops/op_registry.h"

namespace rill {

// A node resolved against its op.
struct NodeSignature {
  const OpRegistration* op = nullptr;
  ResolvedArgs inputs;   // expected dtype of each data input
  ResolvedArgs outputs;  // dtype of each output
};

// "node 'x' (Op)": the prefix of every per-node error message.
std::string NodeContext(const Node& node);

// Looks up `node`'s op (NotFound "node 'x' (Foo): op 'Foo' is not registered"), checks its attrs
// (unknown, missing without default, badly typed, disallowed) and resolves its input and output
// dtypes, then checks the number of data inputs. Errors are prefixed with NodeContext(node).
absl::StatusOr<NodeSignature> ResolveNodeSignature(const Node& node, const OpRegistry& registry);

// Checks data input `i` of `node` (signature `sig`) against its producer's output dtypes: the
// port exists and the dtype matches (a ref output may feed a non-ref input). InvalidArgument, e.g.
// "node 'add' (Add): input 1 (y) from 'c' is int32, expected float (attr T)".
absl::Status CheckDataInput(const Node& node, const NodeSignature& sig, int i,
                            const std::vector<DataType>& producer_outputs);

}  // namespace rill

#endif  // RILL_GRAPH_NODE_SIGNATURE_H_
