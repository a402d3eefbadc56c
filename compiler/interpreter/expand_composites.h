// Expanding composite ops (those with an expand function, e.g. Softmax, Mean) into primitives in
// place, until none is left. Used by the reference executor; the compiler's first pass can reuse
// it.
#ifndef RILL_COMPILER_INTERPRETER_EXPAND_COMPOSITES_H_
#define RILL_COMPILER_INTERPRETER_EXPAND_COMPOSITES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/graph.h"
#include "graph/tensor_id.h"
#include "ops/op_registry.h"

namespace rill {

// Where the outputs and the node of each expanded composite went.
struct ExpansionMap {
  // Canonical tensor name of a composite's output ("softmax", "split:1") -> its replacement.
  absl::flat_hash_map<std::string, TensorId> tensors;
  // Composite node name -> the replacement nodes producing its outputs (for targets).
  absl::flat_hash_map<std::string, std::vector<std::string>> nodes;
};

// Which ops to expand: by default those with an expand function and no reference kernel.
enum class ExpandPolicy {
  kWithoutKernel,  // composites without a reference kernel (the reference executor)
  kAll,            // every composite except those the compiler keeps whole (the compiler)
  kEveryComposite  // every composite (tests that compare a kernel with its expansion)
};

// Whether ExpandPolicy::kAll keeps `op` whole: composites whose reference kernel is bitwise
// their expansion and which the compiler lowers natively as one kernel (a library call), so that
// expanding them would only split one kernel into several: Softmax, LogSoftmax,
// SoftmaxCrossEntropyWithLogits.
bool CompilerKeepsWhole(absl::string_view op);

// Replaces every node whose op has an expand function (and, for kWithoutKernel, no reference
// kernel; for kAll, not kept whole) by the subgraph the function builds, named "<node>/expand/...": uses of its outputs move
// to the replacements, nodes that had a control edge from it get control edges from the
// replacement nodes, and its control inputs become control dependencies of the new nodes.
// Repeats while expansions produce further composites. Records where things went in `map`
// (may be null). Returns the number of nodes expanded. Errors name the node: the expand
// function's, a missing or ill-typed replacement (InvalidArgument), or an expansion that keeps
// producing composites (Internal). The graph must be valid (see ValidateGraph).
absl::StatusOr<int> ExpandCompositeOps(Graph* graph, ExpansionMap* map,
                                       ExpandPolicy policy = ExpandPolicy::kWithoutKernel,
                                       const OpRegistry& registry = *OpRegistry::Global());

// Follows `map` from `id` to the tensor that finally replaced it (or `id` itself).
TensorId ResolveExpandedTensor(const ExpansionMap& map, TensorId id);

}  // namespace rill

#endif  // RILL_COMPILER_INTERPRETER_EXPAND_COMPOSITES_H_
