// ApplyRMSProp: RMSProp with momentum, in place (TensorFlow's op: inputs var, ms, mom (refs), lr,
// rho, momentum, epsilon, grad; output out (var's ref); attrs T, use_locking):
//   ms += (grad^2 - ms) * (1 - rho)
//   mom = mom * momentum + grad * lr / sqrt(ms + epsilon)
//   var -= mom
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

// 2. Shape function: var, ms, mom and grad have one shape (the output's); the rest are scalars.
absl::Status ApplyRMSPropShape(ShapeContext& c) {
  return training::ApplyShape(c, {{0, "var"}, {1, "ms"}, {2, "mom"}, {7, "grad"}},
                              {{3, "lr"}, {4, "rho"}, {5, "momentum"}, {6, "epsilon"}});
}

// 3. Gradient: none (a variable update; TensorFlow registers none).

// 4. Reference kernel, for float and double (TensorFlow's formulas, evaluated in T).
absl::Status ApplyRMSPropKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(training::ApplyState s,
                   training::PrepareApply(c, {{0, "var"}, {1, "ms"}, {2, "mom"}},
                                          {{3, "lr"}, {4, "rho"}, {5, "momentum"}, {6, "epsilon"}},
                                          {7, "grad"}));
  RETURN_IF_ERROR(DispatchDtype<FloatTypes>(c, c.input(7).dtype(), [&]<typename T>() {
    const T lr = training::ScalarInput<T>(c, 3);
    const T rho = training::ScalarInput<T>(c, 4);
    const T momentum = training::ScalarInput<T>(c, 5);
    const T epsilon = training::ScalarInput<T>(c, 6);
    const T* grad = c.input(7).data<T>();
    T* var = s.values[0].data<T>();
    T* ms = s.values[1].data<T>();
    T* mom = s.values[2].data<T>();
    for (int64_t i = 0; i < s.values[0].num_elements(); ++i) {
      const T g = grad[i];
      ms[i] += (g * g - ms[i]) * (T{1} - rho);
      mom[i] = mom[i] * momentum + (g * lr) / std::sqrt(ms[i] + epsilon);
      var[i] -= mom[i];
    }
    return absl::OkStatus();
  }));
  c.set_ref_output(0, s.var);
  return absl::OkStatus();
}

// 5. Element emitter (in place): the kernel's update, term by term in the same order.
absl::Status ApplyRMSPropEmitter(EmitterContext& c) {
  using B = ElemBinaryOp;
  const ElemValue var = c.input(0), ms = c.input(1), mom = c.input(2), lr = c.input(3);
  const ElemValue rho = c.input(4), momentum = c.input(5), epsilon = c.input(6), g = c.input(7);
  const ElemValue one = c.Constant(var.dtype, 1);
  const ElemValue ms_new = c.Binary(
      B::kAdd, ms, c.Binary(B::kMul, c.Binary(B::kSub, c.Binary(B::kMul, g, g), ms),
                            c.Binary(B::kSub, one, rho)));
  const ElemValue mom_new = c.Binary(
      B::kAdd, c.Binary(B::kMul, mom, momentum),
      c.Binary(B::kDiv, c.Binary(B::kMul, g, lr),
               c.Unary(ElemUnaryOp::kSqrt, c.Binary(B::kAdd, ms_new, epsilon))));
  c.UpdateRef(1, ms_new);
  c.UpdateRef(2, mom_new);
  c.UpdateRef(0, c.Binary(B::kSub, var, mom_new));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow declares T: numbertype but has float kernels only; use_locking is
// accepted and has no effect (the reference executor runs one kernel at a time).
RILL_REGISTER_OP("ApplyRMSProp")
    .Input("var: Ref(T)")
    .Input("ms: Ref(T)")
    .Input("mom: Ref(T)")
    .Input("lr: T")
    .Input("rho: T")
    .Input("momentum: T")
    .Input("epsilon: T")
    .Input("grad: T")
    .Output("out: Ref(T)")
    .Attr("T: {float, double}")
    .Attr("use_locking: bool = false")
    .SetIsStateful()
    .SetShapeFn(ApplyRMSPropShape)
    .SetNoGradient()
    .SetReferenceKernel(ApplyRMSPropKernel)
    .SetElementEmitter(ApplyRMSPropEmitter)
    .Summary("RMSProp update of var, its mean square ms and its momentum mom.");

namespace ops {

Output ApplyRMSProp(const Scope& scope, const Output& var, const Output& ms, const Output& mom,
                    const Output& lr, const Output& rho, const Output& momentum,
                    const Output& epsilon, const Output& grad, const ApplyAttrs& attrs) {
  return OpBuilder(scope, "ApplyRMSProp")
      .Input(var)
      .Input(ms)
      .Input(mom)
      .Input(lr)
      .Input(rho)
      .Input(momentum)
      .Input(epsilon)
      .Input(grad)
      .Attr("use_locking", attrs.use_locking)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
