// MatMul: matrix product a * b with optional transposes (TensorFlow's MatMul: inputs a, b; attrs
// transpose_a, transpose_b, T, and the newer grad_a, grad_b hints).
#include "graph/op_builder.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {

// TensorFlow also allows bfloat16, half, int8, int16, the unsigned ints and complex types.
// grad_a/grad_b only tell TensorFlow's runtime that the op is part of a gradient; graphs written
// by TF >= 2.15 carry them, so they are declared (and ignored).
RILL_REGISTER_OP("MatMul")
    .Input("a: T")
    .Input("b: T")
    .Output("product: T")
    .Attr("transpose_a: bool = false")
    .Attr("transpose_b: bool = false")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("grad_a: bool = false")
    .Attr("grad_b: bool = false")
    .SetShapeFn(shape_fns::MatMulShape)
    .Summary("Matrix product of a and b (each optionally transposed).");

namespace ops {

Output MatMul(const Scope& scope, const Output& a, const Output& b, const MatMulAttrs& attrs) {
  return OpBuilder(scope, "MatMul")
      .Input(a)
      .Input(b)
      .Attr("transpose_a", attrs.transpose_a)
      .Attr("transpose_b", attrs.transpose_b)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
