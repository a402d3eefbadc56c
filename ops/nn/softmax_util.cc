// The shape function and stable subgraphs shared by the softmax-family ops.
#include "ops/nn/softmax_util.h"

#include "absl/strings/str_cat.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/reduce_ops.h"

namespace rill::nn {

absl::Status SoftmaxShape(ShapeContext& c) {
  const PartialShape& logits = c.input(0);
  if (logits.rank_known() && logits.rank() < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("logits must have rank at least 1, got ", logits.DebugString()));
  }
  c.set_output(0, logits);
  return absl::OkStatus();
}

Output LastAxis(const Scope& scope) { return ops::Const(scope, -1); }

Output SubtractRowMax(const Scope& scope, const Output& x) {
  return ops::Sub(scope, x, ops::Max(scope, x, LastAxis(scope), {.keep_dims = true}));
}

Output StableLogSoftmax(const Scope& scope, const Output& x) {
  Output shifted = SubtractRowMax(scope, x);
  Output sum = ops::Sum(scope, ops::Exp(scope, shifted), LastAxis(scope), {.keep_dims = true});
  return ops::Sub(scope, shifted, ops::Log(scope, sum));
}

Output SoftmaxBackward(const Scope& scope, const Output& y, const Output& dy) {
  Output dot = ops::Sum(scope, ops::Mul(scope, dy, y), LastAxis(scope), {.keep_dims = true});
  return ops::Mul(scope, ops::Sub(scope, dy, dot), y);
}

}  // namespace rill::nn
