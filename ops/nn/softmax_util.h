// Building blocks shared by Softmax, LogSoftmax and the cross-entropy ops: their shape function
// and the numerically stable (max-subtracted) subgraphs their expansions and gradients build.
#ifndef RILL_OPS_NN_SOFTMAX_UTIL_H_
#define RILL_OPS_NN_SOFTMAX_UTIL_H_

#include <cstdint>

#include "absl/status/status.h"
#include "base/status_macros.h"
#include "graph/scope.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/shape_context.h"

namespace rill::nn {

// Softmax/LogSoftmax: output 0 has input 0's shape, which must have rank >= 1
// ("logits must have rank at least 1, got []").
absl::Status SoftmaxShape(ShapeContext& c);

// An int32 scalar Const -1: the class axis of every softmax.
Output LastAxis(const Scope& scope);

// x - max(x) along the last dim (reduced dim kept): the largest entry of each row becomes 0, so
// exp of the result is in (0, 1].
Output SubtractRowMax(const Scope& scope, const Output& x);

// log_softmax(x) = (x - m) - log(sum(exp(x - m))) along the last dim, m the row maximum.
Output StableLogSoftmax(const Scope& scope, const Output& x);

// The vector-Jacobian product of softmax: given y = softmax(x) and dy, the gradient for x,
// (dy - sum(dy * y, -1)) * y.
Output SoftmaxBackward(const Scope& scope, const Output& y, const Output& dy);

// The reference kernel of a row-wise op (Softmax, LogSoftmax): output 0 has input 0's shape and
// each last-dim row of it is `row(x, n, y)` (a generic callable over float and double).
template <typename RowFn>
absl::Status RunLastDimRows(KernelContext& c, RowFn row) {
  const Tensor& logits = c.input(0);
  if (logits.shape().rank() < 1) {
    return c.InvalidArgument("logits must have rank at least 1, got ",
                             logits.shape().DebugString());
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, logits.shape()));
  const int64_t n = logits.shape().dim(logits.shape().rank() - 1);
  if (n == 0) return absl::OkStatus();
  const int64_t rows = logits.num_elements() / n;
  return DispatchDtype<FloatTypes>(c, logits.dtype(), [&]<typename T>() {
    for (int64_t r = 0; r < rows; ++r) row(logits.data<T>() + r * n, n, out.data<T>() + r * n);
    return absl::OkStatus();
  });
}

}  // namespace rill::nn

#endif  // RILL_OPS_NN_SOFTMAX_UTIL_H_
