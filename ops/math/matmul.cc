// MatMul: matrix product a * b with optional transposes (TensorFlow's MatMul: inputs a, b; attrs
// transpose_a, transpose_b, T, and the newer grad_a, grad_b hints).
#include <cstdint>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// TensorFlow's four cases: with z = op(a) * op(b), da and db are products of dz with the other
// operand, transposed so that no explicit Transpose is needed.
absl::Status MatMulGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(bool ta, c.attrs().GetBool("transpose_a"));
  ASSIGN_OR_RETURN(bool tb, c.attrs().GetBool("transpose_b"));
  const Scope& s = c.scope();
  const Output& a = c.input(0);
  const Output& b = c.input(1);
  const Output& dz = c.grad(0);
  if (!ta && !tb) {
    c.set_input_grad(0, ops::MatMul(s, dz, b, {.transpose_b = true}));
    c.set_input_grad(1, ops::MatMul(s, a, dz, {.transpose_a = true}));
  } else if (!ta && tb) {
    c.set_input_grad(0, ops::MatMul(s, dz, b));
    c.set_input_grad(1, ops::MatMul(s, dz, a, {.transpose_a = true}));
  } else if (ta && !tb) {
    c.set_input_grad(0, ops::MatMul(s, b, dz, {.transpose_b = true}));
    c.set_input_grad(1, ops::MatMul(s, a, dz));
  } else {
    c.set_input_grad(0, ops::MatMul(s, b, dz, {.transpose_a = true, .transpose_b = true}));
    c.set_input_grad(1, ops::MatMul(s, dz, a, {.transpose_a = true, .transpose_b = true}));
  }
  return absl::OkStatus();
}

// The naive triple loop; integers wrap around on overflow.
absl::Status MatMulKernel(KernelContext& c) {
  const Tensor& a = c.input(0);
  const Tensor& b = c.input(1);
  ASSIGN_OR_RETURN(bool ta, c.attrs().GetBool("transpose_a"));
  ASSIGN_OR_RETURN(bool tb, c.attrs().GetBool("transpose_b"));
  if (a.shape().rank() != 2 || b.shape().rank() != 2) {
    return c.InvalidArgument("inputs must be matrices, got a: ", a.shape().DebugString(),
                             ", b: ", b.shape().DebugString());
  }
  const int64_t m = a.shape().dim(ta ? 1 : 0);
  const int64_t k = a.shape().dim(ta ? 0 : 1);
  const int64_t kb = b.shape().dim(tb ? 1 : 0);
  const int64_t n = b.shape().dim(tb ? 0 : 1);
  if (k != kb) {
    return c.InvalidArgument("inner dims ", k, " vs ", kb, " (a: ", a.shape().DebugString(),
                             ", b: ", b.shape().DebugString(), ", transpose_a: ", ta,
                             ", transpose_b: ", tb, ")");
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape({m, n})));
  return DispatchDtype<RealTypes>(c, a.dtype(), [&]<typename T>() {
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    T* po = out.data<T>();
    // Element (i, j) of op(a) and op(b) in their row-major buffers.
    const int64_t a_cols = a.shape().dim(1);
    const int64_t b_cols = b.shape().dim(1);
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        T acc = T(0);
        for (int64_t p = 0; p < k; ++p) {
          const T x = ta ? pa[p * a_cols + i] : pa[i * a_cols + p];
          const T y = tb ? pb[j * b_cols + p] : pb[p * b_cols + j];
          acc = WrappingAdd(acc, WrappingMul(x, y));
        }
        po[i * n + j] = acc;
      }
    }
    return absl::OkStatus();
  });
}

// 5. Loop emitter: each output element is the kernel's dot product, accumulated in the same order
// from 0 (so compiled results are bitwise equal). Naive; the kernel performance issue replaces it
// with a packed, register-tiled kernel.
absl::Status MatMulEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(bool ta, c.attrs().GetBool("transpose_a"));
  ASSIGN_OR_RETURN(bool tb, c.attrs().GetBool("transpose_b"));
  const int64_t k = c.input_shape(0).dim(ta ? 0 : 1);
  const IndexValue i = c.output_index(0);
  const IndexValue j = c.output_index(1);
  const DataType dtype = c.output_dtype(0);
  const ElemValue dot = c.Loop(k, {c.Constant(dtype, 0)},
                               [&](IndexValue p, const std::vector<ElemValue>& acc) {
                                 const ElemValue x = c.ReadInput(0, ta ? std::vector{p, i}
                                                                       : std::vector{i, p});
                                 const ElemValue y = c.ReadInput(1, tb ? std::vector{j, p}
                                                                       : std::vector{p, j});
                                 return std::vector<ElemValue>{c.Binary(
                                     ElemBinaryOp::kAdd, acc[0], c.Binary(ElemBinaryOp::kMul, x, y))};
                               })[0];
  c.set_output(0, dot);
  return absl::OkStatus();
}

}  // namespace

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
    .SetGradient(MatMulGrad)
    .SetReferenceKernel(MatMulKernel)
    .SetLoopEmitter(MatMulEmitter)
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
