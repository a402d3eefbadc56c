// ApplyAdagrad: accum += grad^2 (unless update_slots is false); var -= lr * grad / sqrt(accum);
// in place (TensorFlow's op: inputs var, accum (refs), lr, grad; output out (var's ref); attrs
// T, use_locking, update_slots).
#include <cmath>
#include <cstdint>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/emitter_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/training/apply_util.h"
#include "ops/training_ops.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: var, accum and grad have one shape (the output's); lr is a scalar.
absl::Status ApplyAdagradShape(ShapeContext& c) {
  return training::ApplyShape(c, {{0, "var"}, {1, "accum"}, {3, "grad"}}, {{2, "lr"}});
}

// 3. Gradient: none (a variable update; TensorFlow registers none).

// 4. Reference kernel, for float and double (TensorFlow's formulas, evaluated in T; rsqrt is
//    1 / sqrt, so an all-zero accumulator gives inf/NaN as in TensorFlow).
absl::Status ApplyAdagradKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(bool update_slots, c.attrs().GetBool("update_slots"));
  ASSIGN_OR_RETURN(training::ApplyState s,
                   training::PrepareApply(c, {{0, "var"}, {1, "accum"}}, {{2, "lr"}}, {3, "grad"}));
  RETURN_IF_ERROR(DispatchDtype<FloatTypes>(c, c.input(3).dtype(), [&]<typename T>() {
    const T lr = training::ScalarInput<T>(c, 2);
    const T* grad = c.input(3).data<T>();
    T* var = s.values[0].data<T>();
    T* accum = s.values[1].data<T>();
    for (int64_t i = 0; i < s.values[0].num_elements(); ++i) {
      if (update_slots) accum[i] += grad[i] * grad[i];
      var[i] -= grad[i] * lr * (T{1} / std::sqrt(accum[i]));
    }
    return absl::OkStatus();
  }));
  c.set_ref_output(0, s.var);
  return absl::OkStatus();
}

// 5. Element emitter (in place): the kernel's update, term by term in the same order.
absl::Status ApplyAdagradEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(bool update_slots, c.attrs().GetBool("update_slots"));
  using B = ElemBinaryOp;
  const ElemValue var = c.input(0), accum = c.input(1), lr = c.input(2), grad = c.input(3);
  const ElemValue accum_new =
      update_slots ? c.Binary(B::kAdd, accum, c.Binary(B::kMul, grad, grad)) : accum;
  const ElemValue scale = c.Binary(B::kDiv, c.Constant(var.dtype, 1),
                                   c.Unary(ElemUnaryOp::kSqrt, accum_new));
  if (update_slots) c.UpdateRef(1, accum_new);
  c.UpdateRef(0, c.Binary(B::kSub, var, c.Binary(B::kMul, c.Binary(B::kMul, grad, lr), scale)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow declares T: numbertype but has float kernels only; use_locking is
// accepted and has no effect (the reference executor runs one kernel at a time).
RILL_REGISTER_OP("ApplyAdagrad")
    .Input("var: Ref(T)")
    .Input("accum: Ref(T)")
    .Input("lr: T")
    .Input("grad: T")
    .Output("out: Ref(T)")
    .Attr("T: {float, double}")
    .Attr("use_locking: bool = false")
    .Attr("update_slots: bool = true")
    .SetIsStateful()
    .SetShapeFn(ApplyAdagradShape)
    .SetNoGradient()
    .SetReferenceKernel(ApplyAdagradKernel)
    .SetElementEmitter(ApplyAdagradEmitter)
    .Summary("Adagrad update of var and its accumulator.");

namespace ops {

Output ApplyAdagrad(const Scope& scope, const Output& var, const Output& accum, const Output& lr,
                    const Output& grad, const ApplyAdagradAttrs& attrs) {
  return OpBuilder(scope, "ApplyAdagrad")
      .Input(var)
      .Input(accum)
      .Input(lr)
      .Input(grad)
      .Attr("use_locking", attrs.use_locking)
      .Attr("update_slots", attrs.update_slots)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
