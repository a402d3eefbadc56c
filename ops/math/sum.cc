// Sum: the sum of a tensor over some axes (TensorFlow's Sum: inputs input, reduction_indices;
// attrs keep_dims, T, Tidx).
#include <cstdint>
#include <vector>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/reduction.h"
#include "ops/reduction_emitter.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// dx = dy reshaped to the kept-dims shape, broadcast back over x (by adding zeros of x's shape).
// The kept-dims shape is a constant when x's shape and the axes are known, else
// Shape(Sum(x, axes, keep_dims=true)), which shape specialisation folds.
absl::Status SumGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& axes = c.input(1);
  Output kept;
  const Tensor* axes_value = c.constant_input(1);
  if (axes_value != nullptr && x.shape().IsFullyDefined()) {
    ASSIGN_OR_RETURN(TensorShape xs, TensorShape::FromPartial(x.shape()));
    absl::StatusOr<ReductionPlan> plan = MakeReductionPlan(xs, *axes_value, true);
    if (!plan.ok()) return c.InvalidArgument(plan.status().message());
    kept = ops::Const(s, plan->kept_shape.dims(), TensorShape({xs.rank()}));
  } else {
    kept = ops::Shape(s, ops::Sum(s, x, axes, {.keep_dims = true}));
  }
  c.set_input_grad(0, ops::AddV2(s, ops::Reshape(s, c.grad(0), kept), ops::ZerosLike(s, x)));
  return absl::OkStatus();
}

// Integers wrap around on overflow; the sum of no elements is 0.
absl::Status SumKernel(KernelContext& c) {
  const Tensor& in = c.input(0);
  ASSIGN_OR_RETURN(bool keep_dims, c.attrs().GetBool("keep_dims"));
  absl::StatusOr<ReductionPlan> plan = MakeReductionPlan(in.shape(), c.input(1), keep_dims);
  if (!plan.ok()) return c.AddContext(plan.status());
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, plan->output_shape));
  return DispatchDtype<RealTypes>(c, in.dtype(), [&]<typename T>() {
    const T* x = in.data<T>();
    T* o = out.data<T>();
    ForEachReduced(in.shape(), *plan,
                   [&](int64_t i, int64_t k) { o[k] = WrappingAdd(o[k], x[i]); });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: the same row-major accumulation (integers wrap, as Binary kAdd does).
absl::Status SumEmitter(EmitterContext& c) {
  return EmitReduction(c, c.Constant(c.output_dtype(0), 0), [](EmitterContext& e, ElemValue acc, ElemValue x) {
    return e.Binary(ElemBinaryOp::kAdd, acc, x);
  });
}

}  // namespace

// TensorFlow also allows half, bfloat16, complex and the other integer types.
RILL_REGISTER_OP("Sum")
    .Input("input: T")
    .Input("reduction_indices: Tidx")
    .Output("output: T")
    .Attr("keep_dims: bool = false")
    .Attr("T: {float, double, uint8, int32, int64}")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .SetShapeFn(shape_fns::ReductionShape)
    .SetGradient(SumGrad)
    .SetReferenceKernel(SumKernel)
    .SetLoopEmitter(SumEmitter)
    .Summary("The sum over the given axes.");

namespace ops {

Output Sum(const Scope& scope, const Output& input, const Output& axis,
           const ReductionAttrs& attrs) {
  return OpBuilder(scope, "Sum")
      .Input(input)
      .Input(axis)
      .Attr("keep_dims", attrs.keep_dims)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
