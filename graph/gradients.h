// AddSymbolicGradients: builds the gradient subgraph of ys with respect to xs the TensorFlow way,
// using each op's registered gradient function (ops/gradient_context.h).
#ifndef RILL_GRAPH_GRADIENTS_H_
#define RILL_GRAPH_GRADIENTS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "graph/scope.h"

namespace rill {

// Returns d(sum of ys)/d(x) for each x in xs, built in `scope`'s graph under "gradients/".
// `grad_ys` are the initial gradients of the ys (one per y, same dtype and shape); empty means
// OnesLike(y) for each. Gradients flowing into one tensor from several consumers are summed
// with AddN; no gradient flows along integer (non-float) edges or out of ops registered with
// SetNoGradient (StopGradient, Shape, ...). An x that no y depends on gets ZerosLike(x).
// Errors: InvalidArgument when a needed op has no gradient function ("node 'x' (Foo): op 'Foo'
// is not differentiable (no gradient registered) ..."), for PreventGradient, and for invalid
// ys/xs/grad_ys; gradient functions' builder errors come back prefixed "gradient of node 'x'
// (Op): ". Iterative: graph depth never becomes stack depth.
absl::StatusOr<std::vector<Output>> AddSymbolicGradients(const Scope& scope,
                                                         const std::vector<Output>& ys,
                                                         const std::vector<Output>& xs,
                                                         const std::vector<Output>& grad_ys = {});

}  // namespace rill

#endif  // RILL_GRAPH_GRADIENTS_H_
