// Algebraic simplification: rewrites that keep every value bit for bit (x*1, x+(-0.0), identity
// chains, double Neg, no-op Cast/Reshape/Transpose, Transpose and Reshape chains).
#ifndef RILL_COMPILER_PASSES_ALGEBRAIC_SIMPLIFICATION_H_
#define RILL_COMPILER_PASSES_ALGEBRAIC_SIMPLIFICATION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "compiler/pass.h"
#include "ops/op_registry.h"

namespace rill::compiler {

struct AlgebraicSimplificationOptions {
  // Nodes whose names must keep resolving (fetches, feeds, targets): never bypassed or removed;
  // they may still be rewritten in place (a Transpose chain becomes one Transpose of that name).
  std::vector<std::string> keep;
  // Nodes the caller feeds at run time: kept like `keep`, and their values (and values published
  // below a fed node that had a published value, see ConstantFolding) are not treated as known
  // constants: a fed Const "one" is not 1.
  std::vector<std::string> feeds;
};

// Rewrites, each only where the result is bitwise the same value for every input (NaN, +-Inf and
// -0.0 included) and of the same dtype and shape:
//  - x*1, 1*x (integers and floats: x*1 is exact); x+c, c+x with c all zeros for integers but
//    all -0.0 for floats (x + +0.0 turns -0.0 into +0.0, so it is NOT removed); x-c with c all
//    zeros for integers and all +0.0 for floats (x - -0.0 = x + +0.0 is not exact). The constant
//    must not widen x by broadcasting: a single-element constant of rank <= x's rank, or equal
//    fully known shapes. x*0 is never rewritten (NaN*0 and Inf*0 are NaN).
//  - Identity, StopGradient, PreventGradient, Snapshot: removed.
//  - Neg(Neg(x)) -> x; Cast to the dtype it already has -> x.
//  - Reshape(x, s) -> x when x's fully known shape is already the result's; Reshape(Reshape(x,
//    s1), s2) -> Reshape(x, s2).
//  - Transpose(x, identity) -> x; Transpose(Transpose(x, p), q) -> x when the composed
//    permutation is the identity, else one Transpose(x, composed).
// A node is bypassed (its uses moved to x, the node removed) only when it is not in `keep`, has
// no control inputs (the ordering they impose would be lost) and x is not a ref (a variable read
// must stay where it is); its control uses move to x's node. Inner nodes left unused are for DCE.
// Constants are read from Const nodes and from values shape inference publishes.
class AlgebraicSimplification : public GraphPass {
 public:
  explicit AlgebraicSimplification(AlgebraicSimplificationOptions options = {},
                                   const OpRegistry& registry = *OpRegistry::Global())
      : keep_(options.keep.begin(), options.keep.end()),
        feeds_(options.feeds.begin(), options.feeds.end()),
        registry_(registry) {
    keep_.insert(feeds_.begin(), feeds_.end());
  }

  absl::string_view name() const override { return "simplify"; }
  absl::StatusOr<bool> Run(Graph* graph) override;

 private:
  absl::flat_hash_set<std::string> keep_;
  absl::flat_hash_set<std::string> feeds_;
  const OpRegistry& registry_;
};

// Factory for pipelines: the pass with `options`.
std::unique_ptr<GraphPass> CreateAlgebraicSimplificationPass(
    AlgebraicSimplificationOptions options = {});

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASSES_ALGEBRAIC_SIMPLIFICATION_H_
