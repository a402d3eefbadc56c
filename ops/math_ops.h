// Client builders for the math ops (element-wise arithmetic, MatMul, AddN, Sum).
#ifndef RILL_OPS_MATH_OPS_H_
#define RILL_OPS_MATH_OPS_H_

#include <vector>

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

// The element-wise sum of `inputs` (at least one; same dtype and shape, no broadcasting).
Output AddN(const Scope& scope, const std::vector<Output>& inputs);

// x * y elementwise with NumPy broadcasting.
Output Mul(const Scope& scope, const Output& x, const Output& y);

// Optional attrs of Sum (and the other reductions): ops::Sum(scope, x, axes, {.keep_dims = true}).
struct ReductionAttrs {
  bool keep_dims = false;
};

// The sum of `input` over the dims in `axis` (an int32/int64 scalar or vector; negative counts
// from the end; empty reduces nothing).
Output Sum(const Scope& scope, const Output& input, const Output& axis,
           const ReductionAttrs& attrs = {});

// ---- Element-wise math ops (ops/math; TensorFlow's names, inputs and attrs). Binary ops
// broadcast NumPy-style; x and y must have the same dtype. ----

// x - y.
Output Sub(const Scope& scope, const Output& x, const Output& y);
// x / y; integers truncate toward zero. Integer division by zero or INT_MIN / -1 is a run-time
// InvalidArgument naming the node.
Output Div(const Scope& scope, const Output& x, const Output& y);
// x / y for floating-point x and y.
Output RealDiv(const Scope& scope, const Output& x, const Output& y);
// floor(x / y) (Python's //); the integer errors are those of Div.
Output FloorDiv(const Scope& scope, const Output& x, const Output& y);
// x - floor(x / y) * y: the remainder with the sign of y (Python's %); integer y = 0 is an error.
Output FloorMod(const Scope& scope, const Output& x, const Output& y);
// -x.
Output Neg(const Scope& scope, const Output& x);
// 1 / x; integer x = 0 is a run-time error.
Output Reciprocal(const Scope& scope, const Output& x);
// max(x, y); NaN if either is NaN.
Output Maximum(const Scope& scope, const Output& x, const Output& y);
// min(x, y); NaN if either is NaN.
Output Minimum(const Scope& scope, const Output& x, const Output& y);
// x to the power y; an integer y < 0 is a run-time error.
Output Pow(const Scope& scope, const Output& x, const Output& y);
// e^x.
Output Exp(const Scope& scope, const Output& x);
// The natural logarithm of x.
Output Log(const Scope& scope, const Output& x);
// log(1 + x), accurate for small x.
Output Log1p(const Scope& scope, const Output& x);
// The square root of x.
Output Sqrt(const Scope& scope, const Output& x);
// 1 / sqrt(x).
Output Rsqrt(const Scope& scope, const Output& x);
// x * x.
Output Square(const Scope& scope, const Output& x);
// (x - y) * (x - y).
Output SquaredDifference(const Scope& scope, const Output& x, const Output& y);
// |x|.
Output Abs(const Scope& scope, const Output& x);
// -1, 0 or 1 by the sign of x (NaN stays NaN).
Output Sign(const Scope& scope, const Output& x);
// min(max(features, 0), 6).
Output Relu6(const Scope& scope, const Output& features);
// features if features >= 0, else exp(features) - 1.
Output Elu(const Scope& scope, const Output& features);
// 1 / (1 + exp(-x)).
Output Sigmoid(const Scope& scope, const Output& x);
// The hyperbolic tangent of x.
Output Tanh(const Scope& scope, const Output& x);
// log(1 + exp(features)), computed without overflow.
Output Softplus(const Scope& scope, const Output& features);
// The gradient of Sigmoid from its output y and the incoming gradient dy: dy * y * (1 - y).
// A composite: it expands into Sub and Mul.
Output SigmoidGrad(const Scope& scope, const Output& y, const Output& dy);
// The gradient of Tanh from its output y and the incoming gradient dy: dy * (1 - y * y).
// A composite: it expands into Square, Sub and Mul.
Output TanhGrad(const Scope& scope, const Output& y, const Output& dy);

// Optional attrs of Cast.
struct CastAttrs {
  // TensorFlow's `Truncate` (rounding of float -> half); accepted, no effect in rill.
  bool truncate = false;
};
// x converted to `dst_type`: float -> integer truncates toward zero and saturates (NaN -> 0),
// integer -> narrower integer wraps, anything -> bool is x != 0.
Output Cast(const Scope& scope, const Output& x, DataType dst_type, const CastAttrs& attrs = {});

// Optional attrs of Equal and NotEqual.
struct EqualityAttrs {
  // When false, inputs whose shapes do not broadcast give a scalar false (Equal) or true
  // (NotEqual) instead of an error.
  bool incompatible_shape_error = true;
};
// x == y (bool).
Output Equal(const Scope& scope, const Output& x, const Output& y,
             const EqualityAttrs& attrs = {});
// x != y (bool).
Output NotEqual(const Scope& scope, const Output& x, const Output& y,
                const EqualityAttrs& attrs = {});
// x < y, x <= y, x > y, x >= y (bool) for real numbers.
Output Less(const Scope& scope, const Output& x, const Output& y);
Output LessEqual(const Scope& scope, const Output& x, const Output& y);
Output Greater(const Scope& scope, const Output& x, const Output& y);
Output GreaterEqual(const Scope& scope, const Output& x, const Output& y);
// x && y, x || y, !x for bool tensors.
Output LogicalAnd(const Scope& scope, const Output& x, const Output& y);
Output LogicalOr(const Scope& scope, const Output& x, const Output& y);
Output LogicalNot(const Scope& scope, const Output& x);
// condition ? t : e. t and e have the same shape; condition is a scalar (picks all of t or e),
// has t's shape (element by element), or is a vector of t's first dim (picks rows).
Output Select(const Scope& scope, const Output& condition, const Output& t, const Output& e);
// condition ? t : e with the three inputs broadcast NumPy-style.
Output SelectV2(const Scope& scope, const Output& condition, const Output& t, const Output& e);

}  // namespace rill::ops

#endif  // RILL_OPS_MATH_OPS_H_
