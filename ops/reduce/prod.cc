// Prod: the product of the elements of `input` over the dims in `reduction_indices`
// (TensorFlow's Prod: inputs input, reduction_indices; attrs keep_dims, T, Tidx).
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/reduce/reduction_util.h"
#include "ops/reduce_ops.h"
#include "ops/shape_fns.h"
#include "ops/reduction_emitter.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.
// 2. Shape function: shape_fns::ReductionShape.

// 3. Gradient: d(prod)/dx_i is the product of the other elements of x_i's group. Dividing the
//    product by x_i breaks at zeros, so (unlike a plain p / x) this counts the zeros per group:
//    no zero -> p / x_i; exactly one zero -> the product of the non-zeros at the zero, 0 elsewhere;
//    two or more -> 0 everywhere. Exact, and built from element-wise ops that work with unknown
//    dims (TensorFlow's _ProdGrad reaches the same values with cumulative products).
absl::Status ProdGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(bool keep_dims, c.attrs().GetBool("keep_dims"));
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& axes = c.input(1);
  Output dy = reduce::ReshapeToKeptDims(s, c.grad(0), x, axes, keep_dims);
  Output zeros = ops::ZerosLike(s, x);
  Output ones = ops::OnesLike(s, x);
  Output is_zero = ops::Equal(s, x, zeros);
  Output nonzero_x = ops::SelectV2(s, is_zero, ones, x);
  // Per group (reduced dims kept as 1): the product of the non-zeros and the number of zeros.
  Output nonzero_prod = ops::Prod(s, nonzero_x, axes, {.keep_dims = true});
  Output num_zeros = ops::Sum(s, ops::SelectV2(s, is_zero, ones, zeros), axes, {.keep_dims = true});
  Output no_zero = ops::Equal(s, num_zeros, ops::ZerosLike(s, num_zeros));
  Output one_zero = ops::Equal(s, num_zeros, ops::OnesLike(s, num_zeros));
  Output at_nonzeros = ops::SelectV2(s, no_zero, ops::Div(s, nonzero_prod, nonzero_x), zeros);
  Output at_zeros = ops::SelectV2(s, one_zero, nonzero_prod, zeros);
  c.set_input_grad(0, ops::Mul(s, ops::SelectV2(s, is_zero, at_zeros, at_nonzeros), dy));
  return absl::OkStatus();
}

// 4. Reference kernel: an empty group gives 1. Integers wrap around on overflow.
absl::Status ProdKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return reduce::FoldKernel<T>(c, T{1}, [](T acc, T x) { return WrappingMul(acc, x); });
  });
}

// 5. Loop emitter: the same product from 1, in the same order (integers wrap).
absl::Status ProdEmitter(EmitterContext& c) {
  return EmitReduction(c, c.Constant(c.output_dtype(0), 1), [](EmitterContext& e, ElemValue acc, ElemValue x) {
    return e.Binary(ElemBinaryOp::kMul, acc, x);
  });
}

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, the other ints and complex types.
RILL_REGISTER_OP("Prod")
    .Input("input: T")
    .Input("reduction_indices: Tidx")
    .Output("output: T")
    .Attr("keep_dims: bool = false")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .SetShapeFn(shape_fns::ReductionShape)
    .SetGradient(ProdGrad)
    .SetReferenceKernel(ProdKernel)
    .SetLoopEmitter(ProdEmitter)
    .Summary("The product of the elements over the given axes.");

namespace ops {

Output Prod(const Scope& scope, const Output& input, const Output& axis,
            const ReductionAttrs& attrs) {
  return OpBuilder(scope, "Prod")
      .Input(input)
      .Input(axis)
      .Attr("keep_dims", attrs.keep_dims)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
