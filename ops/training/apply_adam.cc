// ApplyAdam: the Adam update (Kingma & Ba), in place (TensorFlow's op: inputs var, m, v (refs),
// beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad; output out (var's ref); attrs T,
// use_locking, use_nesterov):
//   lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power)
//   m += (grad - m) * (1 - beta1);  v += (grad^2 - v) * (1 - beta2)
//   var -= m * lr_t / (sqrt(v) + epsilon)
//   (use_nesterov: var -= (grad * (1 - beta1) + beta1 * m) * lr_t / (sqrt(v) + epsilon)).
#include <cmath>
#include <cstdint>
#include <vector>

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

using training::ApplyArg;

// ApplyAdam's scalar (hyper-parameter) inputs, by position.
const std::vector<ApplyArg>& AdamScalars() {
  static const auto* scalars =
      new std::vector<ApplyArg>{{3, "beta1_power"}, {4, "beta2_power"}, {5, "lr"},
                                {6, "beta1"},       {7, "beta2"},       {8, "epsilon"}};
  return *scalars;
}

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: var, m, v and grad have one shape (the output's); the rest are scalars.
absl::Status ApplyAdamShape(ShapeContext& c) {
  return training::ApplyShape(c, {{0, "var"}, {1, "m"}, {2, "v"}, {9, "grad"}}, AdamScalars());
}

// 3. Gradient: none (a variable update; TensorFlow registers none).

// 4. Reference kernel, for float and double (TensorFlow's formulas, evaluated in T).
absl::Status ApplyAdamKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(bool nesterov, c.attrs().GetBool("use_nesterov"));
  ASSIGN_OR_RETURN(
      training::ApplyState s,
      training::PrepareApply(c, {{0, "var"}, {1, "m"}, {2, "v"}}, AdamScalars(), {9, "grad"}));
  RETURN_IF_ERROR(DispatchDtype<FloatTypes>(c, c.input(9).dtype(), [&]<typename T>() {
    const T beta1_power = training::ScalarInput<T>(c, 3);
    const T beta2_power = training::ScalarInput<T>(c, 4);
    const T lr = training::ScalarInput<T>(c, 5);
    const T beta1 = training::ScalarInput<T>(c, 6);
    const T beta2 = training::ScalarInput<T>(c, 7);
    const T epsilon = training::ScalarInput<T>(c, 8);
    const T* grad = c.input(9).data<T>();
    T* var = s.values[0].data<T>();
    T* m = s.values[1].data<T>();
    T* v = s.values[2].data<T>();
    const T one = 1;
    const T lr_t = lr * std::sqrt(one - beta2_power) / (one - beta1_power);
    for (int64_t i = 0; i < s.values[0].num_elements(); ++i) {
      const T g = grad[i];
      m[i] += (g - m[i]) * (one - beta1);
      v[i] += (g * g - v[i]) * (one - beta2);
      if (nesterov) {
        var[i] -= ((g * (one - beta1) + beta1 * m[i]) * lr_t) / (std::sqrt(v[i]) + epsilon);
      } else {
        var[i] -= (m[i] * lr_t) / (std::sqrt(v[i]) + epsilon);
      }
    }
    return absl::OkStatus();
  }));
  c.set_ref_output(0, s.var);
  return absl::OkStatus();
}

// 5. Element emitter (in place): the kernel's update, term by term in the same order, so the
// compiled step is bitwise the reference's. The scalars are inputs broadcast to every element.
absl::Status ApplyAdamEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(bool nesterov, c.attrs().GetBool("use_nesterov"));
  using B = ElemBinaryOp;
  const ElemValue var = c.input(0), m = c.input(1), v = c.input(2);
  const ElemValue beta1_power = c.input(3), beta2_power = c.input(4), lr = c.input(5);
  const ElemValue beta1 = c.input(6), beta2 = c.input(7), epsilon = c.input(8), g = c.input(9);
  const ElemValue one = c.Constant(var.dtype, 1);
  const ElemValue lr_t =
      c.Binary(B::kDiv,
               c.Binary(B::kMul, lr, c.Unary(ElemUnaryOp::kSqrt, c.Binary(B::kSub, one, beta2_power))),
               c.Binary(B::kSub, one, beta1_power));
  const ElemValue m_new = c.Binary(
      B::kAdd, m, c.Binary(B::kMul, c.Binary(B::kSub, g, m), c.Binary(B::kSub, one, beta1)));
  const ElemValue v_new =
      c.Binary(B::kAdd, v,
               c.Binary(B::kMul, c.Binary(B::kSub, c.Binary(B::kMul, g, g), v),
                        c.Binary(B::kSub, one, beta2)));
  const ElemValue denom =
      c.Binary(B::kAdd, c.Unary(ElemUnaryOp::kSqrt, v_new), epsilon);
  const ElemValue step =
      nesterov ? c.Binary(B::kMul,
                          c.Binary(B::kAdd, c.Binary(B::kMul, g, c.Binary(B::kSub, one, beta1)),
                                   c.Binary(B::kMul, beta1, m_new)),
                          lr_t)
               : c.Binary(B::kMul, m_new, lr_t);
  c.UpdateRef(1, m_new);
  c.UpdateRef(2, v_new);
  c.UpdateRef(0, c.Binary(B::kSub, var, c.Binary(B::kDiv, step, denom)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow declares T: numbertype but has float kernels only; use_locking is
// accepted and has no effect (the reference executor runs one kernel at a time).
RILL_REGISTER_OP("ApplyAdam")
    .Input("var: Ref(T)")
    .Input("m: Ref(T)")
    .Input("v: Ref(T)")
    .Input("beta1_power: T")
    .Input("beta2_power: T")
    .Input("lr: T")
    .Input("beta1: T")
    .Input("beta2: T")
    .Input("epsilon: T")
    .Input("grad: T")
    .Output("out: Ref(T)")
    .Attr("T: {float, double}")
    .Attr("use_locking: bool = false")
    .Attr("use_nesterov: bool = false")
    .SetIsStateful()
    .SetShapeFn(ApplyAdamShape)
    .SetNoGradient()
    .SetReferenceKernel(ApplyAdamKernel)
    .SetElementEmitter(ApplyAdamEmitter)
    .Summary("Adam update of var and its moment accumulators m and v.");

namespace ops {

Output ApplyAdam(const Scope& scope, const Output& var, const Output& m, const Output& v,
                 const Output& beta1_power, const Output& beta2_power, const Output& lr,
                 const Output& beta1, const Output& beta2, const Output& epsilon,
                 const Output& grad, const ApplyAdamAttrs& attrs) {
  return OpBuilder(scope, "ApplyAdam")
      .Input(var)
      .Input(m)
      .Input(v)
      .Input(beta1_power)
      .Input(beta2_power)
      .Input(lr)
      .Input(beta1)
      .Input(beta2)
      .Input(epsilon)
      .Input(grad)
      .Attr("use_locking", attrs.use_locking)
      .Attr("use_nesterov", attrs.use_nesterov)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
