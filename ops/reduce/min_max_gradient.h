// The gradient shared by Max and Min (TensorFlow's _MinOrMaxGrad).
#ifndef RILL_OPS_REDUCE_MIN_MAX_GRADIENT_H_
#define RILL_OPS_REDUCE_MIN_MAX_GRADIENT_H_

#include "absl/status/status.h"
#include "ops/gradient_context.h"

namespace rill::reduce {

// For y = Max(x, axes) or Min(x, axes): dx = dy * [x == y] / (number of such x in the group),
// i.e. dy goes to the elements that attain the extreme, split equally among ties. Builds with
// Equal, SelectV2 and Div (math family) plus core ops; works with unknown dims.
absl::Status MinOrMaxGradient(GradientContext& c);

}  // namespace rill::reduce

#endif  // RILL_OPS_REDUCE_MIN_MAX_GRADIENT_H_
