// ApplyMomentum: accum = accum * momentum + grad; var -= lr * accum, or with use_nesterov
// var -= grad * lr + accum * momentum * lr; in place (TensorFlow's op: inputs var, accum (refs),
// lr, grad, momentum; output out (var's ref); attrs T, use_locking, use_nesterov).
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

// 2. Shape function: var, accum and grad have one shape (the output's); lr and momentum are
//    scalars.
absl::Status ApplyMomentumShape(ShapeContext& c) {
  return training::ApplyShape(c, {{0, "var"}, {1, "accum"}, {3, "grad"}},
                              {{2, "lr"}, {4, "momentum"}});
}

// 3. Gradient: none (a variable update; TensorFlow registers none).

// 4. Reference kernel, for float and double (TensorFlow's formulas, evaluated in T).
absl::Status ApplyMomentumKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(bool nesterov, c.attrs().GetBool("use_nesterov"));
  ASSIGN_OR_RETURN(training::ApplyState s,
                   training::PrepareApply(c, {{0, "var"}, {1, "accum"}},
                                          {{2, "lr"}, {4, "momentum"}}, {3, "grad"}));
  RETURN_IF_ERROR(DispatchDtype<FloatTypes>(c, c.input(3).dtype(), [&]<typename T>() {
    const T lr = training::ScalarInput<T>(c, 2);
    const T momentum = training::ScalarInput<T>(c, 4);
    const T* grad = c.input(3).data<T>();
    T* var = s.values[0].data<T>();
    T* accum = s.values[1].data<T>();
    for (int64_t i = 0; i < s.values[0].num_elements(); ++i) {
      accum[i] = accum[i] * momentum + grad[i];
      if (nesterov) {
        var[i] -= grad[i] * lr + accum[i] * momentum * lr;
      } else {
        var[i] -= accum[i] * lr;
      }
    }
    return absl::OkStatus();
  }));
  c.set_ref_output(0, s.var);
  return absl::OkStatus();
}

// 5. Element emitter (in place): the kernel's update, term by term in the same order.
absl::Status ApplyMomentumEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(bool nesterov, c.attrs().GetBool("use_nesterov"));
  using B = ElemBinaryOp;
  const ElemValue var = c.input(0), accum = c.input(1), lr = c.input(2), grad = c.input(3);
  const ElemValue momentum = c.input(4);
  const ElemValue accum_new = c.Binary(B::kAdd, c.Binary(B::kMul, accum, momentum), grad);
  const ElemValue step =
      nesterov ? c.Binary(B::kAdd, c.Binary(B::kMul, grad, lr),
                          c.Binary(B::kMul, c.Binary(B::kMul, accum_new, momentum), lr))
               : c.Binary(B::kMul, accum_new, lr);
  c.UpdateRef(1, accum_new);
  c.UpdateRef(0, c.Binary(B::kSub, var, step));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow declares T: numbertype but has float kernels only; use_locking is
// accepted and has no effect (the reference executor runs one kernel at a time).
RILL_REGISTER_OP("ApplyMomentum")
    .Input("var: Ref(T)")
    .Input("accum: Ref(T)")
    .Input("lr: T")
    .Input("grad: T")
    .Input("momentum: T")
    .Output("out: Ref(T)")
    .Attr("T: {float, double}")
    .Attr("use_locking: bool = false")
    .Attr("use_nesterov: bool = false")
    .SetIsStateful()
    .SetShapeFn(ApplyMomentumShape)
    .SetNoGradient()
    .SetReferenceKernel(ApplyMomentumKernel)
    .SetElementEmitter(ApplyMomentumEmitter)
    .Summary("Momentum (optionally Nesterov) update of var and its accumulator.");

namespace ops {

Output ApplyMomentum(const Scope& scope, const Output& var, const Output& accum, const Output& lr,
                     const Output& grad, const Output& momentum, const ApplyMomentumAttrs& attrs) {
  return OpBuilder(scope, "ApplyMomentum")
      .Input(var)
      .Input(accum)
      .Input(lr)
      .Input(grad)
      .Input(momentum)
      .Attr("use_locking", attrs.use_locking)
      .Attr("use_nesterov", attrs.use_nesterov)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
