// Common-subexpression elimination: merges nodes that compute the same value.
#ifndef RILL_COMPILER_PASSES_COMMON_SUBEXPRESSION_ELIMINATION_H_
#define RILL_COMPILER_PASSES_COMMON_SUBEXPRESSION_ELIMINATION_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "compiler/pass.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// Two nodes are the same computation when they have the same op, device, attrs (compared by
// deterministic serialisation), data inputs (in order; sorted for commutative ops) and set of
// control inputs. Stateful and unregistered ops are never merged, and nodes named in `keep`
// (fetches, feeds, targets) are never removed: a later duplicate is merged into the earlier node
// unless it is kept. Uses of the removed node, data and control, move to the survivor.
class CommonSubexpressionElimination : public GraphPass {
 public:
  explicit CommonSubexpressionElimination(std::vector<std::string> keep = {},
                                          const OpRegistry& registry = *OpRegistry::Global())
      : keep_(keep.begin(), keep.end()), registry_(registry) {}

  absl::string_view name() const override { return "cse"; }
  absl::StatusOr<bool> Run(Graph* graph) override;

 private:
  absl::flat_hash_set<std::string> keep_;
  const OpRegistry& registry_;
};

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASSES_COMMON_SUBEXPRESSION_ELIMINATION_H_
