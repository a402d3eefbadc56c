// Dead-code elimination: removes nodes that no kept node, and no stateful node, depends on.
#ifndef RILL_COMPILER_PASSES_DEAD_CODE_ELIMINATION_H_
#define RILL_COMPILER_PASSES_DEAD_CODE_ELIMINATION_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "compiler/pass.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// Roots are the nodes named in `keep` (fetches, targets and feeds) plus every stateful node
// (its effect is the point) and every node whose op is unregistered (its effect is unknown); a
// node survives if a root reaches it backwards through data or control inputs. Linear, iterative.
class DeadCodeElimination : public GraphPass {
 public:
  explicit DeadCodeElimination(std::vector<std::string> keep,
                               const OpRegistry& registry = *OpRegistry::Global())
      : keep_(keep.begin(), keep.end()), registry_(registry) {}

  absl::string_view name() const override { return "dce"; }
  absl::StatusOr<bool> Run(Graph* graph) override;

 private:
  absl::flat_hash_set<std::string> keep_;
  const OpRegistry& registry_;
};

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASSES_DEAD_CODE_ELIMINATION_H_
