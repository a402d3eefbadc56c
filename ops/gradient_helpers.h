// Building blocks shared by gradient functions: undoing NumPy broadcasting on the gradients of a
// binary element-wise op (TensorFlow's BroadcastGradientArgs + Sum + Reshape pattern).
#ifndef RILL_OPS_GRADIENT_HELPERS_H_
#define RILL_OPS_GRADIENT_HELPERS_H_

#include <utility>

#include "graph/scope.h"
#include "ops/gradient_context.h"

namespace rill {

// For z = f(x, y) with broadcasting: given gx and gy shaped like z (the gradient w.r.t. the
// broadcast x and y), returns them summed over the broadcast dims and reshaped to x's and y's
// shapes: Reshape(Sum(gx, r0), Shape(x)) and Reshape(Sum(gy, r1), Shape(y)) with
// (r0, r1) = BroadcastGradientArgs(Shape(x), Shape(y)). When the static shapes of x, y and z are
// fully defined and equal, gx and gy come back unchanged. An invalid gx or gy (none) stays none.
// Uses the core ops Shape, BroadcastGradientArgs, Sum and Reshape.
std::pair<Output, Output> ReduceBroadcastGradients(const Scope& scope, const Output& x,
                                                   const Output& y, const Output& gx,
                                                   const Output& gy);

// Sets both input gradients of a binary element-wise op in `c` from gx and gy (see above).
void SetBroadcastBinaryGradients(GradientContext& c, const Output& gx, const Output& gy);

}  // namespace rill

#endif  // RILL_OPS_GRADIENT_HELPERS_H_
