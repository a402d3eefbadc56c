// The gradient of Max and Min: the incoming gradient split among the elements that attain the
// extreme value.
#include "ops/reduce/min_max_gradient.h"

#include "base/status_macros.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/reduce/reduction_util.h"

namespace rill::reduce {

absl::Status MinOrMaxGradient(GradientContext& c) {
  ASSIGN_OR_RETURN(bool keep_dims, c.attrs().GetBool("keep_dims"));
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& axes = c.input(1);
  // y and dy with the reduced dims kept as 1, so they broadcast against x.
  Output y = ReshapeToKeptDims(s, c.output(0), x, axes, keep_dims);
  Output dy = ReshapeToKeptDims(s, c.grad(0), x, axes, keep_dims);
  Output selected = ops::SelectV2(s, ops::Equal(s, x, y), ops::OnesLike(s, x), ops::ZerosLike(s, x));
  Output count = ops::Sum(s, selected, axes, {.keep_dims = true});
  c.set_input_grad(0, ops::Mul(s, ops::Div(s, selected, count), dy));
  return absl::OkStatus();
}

}  // namespace rill::reduce
