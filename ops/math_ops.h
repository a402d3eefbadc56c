// Client builders for the math ops: Add, AddV2, MatMul.
#ifndef RILL_OPS_MATH_OPS_H_
#define RILL_OPS_MATH_OPS_H_

#include "graph/scope.h"

namespace rill::ops {

// x + y elementwise with NumPy broadcasting; x and y must have the same dtype (strings
// concatenate).
Output Add(const Scope& scope, const Output& x, const Output& y);
// As Add, for numbers only (the form TensorFlow 2 emits).
Output AddV2(const Scope& scope, const Output& x, const Output& y);

// Optional attrs of MatMul: ops::MatMul(scope, a, b, {.transpose_b = true}).
struct MatMulAttrs {
  bool transpose_a = false;
  bool transpose_b = false;
};

// The matrix product of a and b (rank 2, same dtype), each transposed first if asked.
Output MatMul(const Scope& scope, const Output& a, const Output& b, const MatMulAttrs& attrs = {});

}  // namespace rill::ops

#endif  // RILL_OPS_MATH_OPS_H_
