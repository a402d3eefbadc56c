// ApplyGradientDescent: var -= alpha * delta, in place (TensorFlow's op: inputs var (a ref),
// alpha, delta; output out (the ref); attrs T, use_locking).
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

// 2. Shape function: var and delta have one shape (the output's); alpha is a scalar.
absl::Status ApplyGradientDescentShape(ShapeContext& c) {
  return training::ApplyShape(c, {{0, "var"}, {2, "delta"}}, {{1, "alpha"}});
}

// 3. Gradient: none (a variable update; TensorFlow registers none).

// 4. Reference kernel, for float and double (TensorFlow's formula, evaluated in T).
absl::Status ApplyGradientDescentKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(training::ApplyState s,
                   training::PrepareApply(c, {{0, "var"}}, {{1, "alpha"}}, {2, "delta"}));
  RETURN_IF_ERROR(DispatchDtype<FloatTypes>(c, c.input(2).dtype(), [&]<typename T>() {
    const T alpha = training::ScalarInput<T>(c, 1);
    const T* delta = c.input(2).data<T>();
    T* var = s.values[0].data<T>();
    for (int64_t i = 0; i < s.values[0].num_elements(); ++i) var[i] -= delta[i] * alpha;
    return absl::OkStatus();
  }));
  c.set_ref_output(0, s.var);
  return absl::OkStatus();
}

// 5. Element emitter (in place): var -= delta * alpha, as the kernel.
absl::Status ApplyGradientDescentEmitter(EmitterContext& c) {
  const ElemValue var = c.input(0);
  c.UpdateRef(0, c.Binary(ElemBinaryOp::kSub, var,
                          c.Binary(ElemBinaryOp::kMul, c.input(2), c.input(1))));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow declares T: numbertype but has float kernels only; use_locking is
// accepted and has no effect (the reference executor runs one kernel at a time).
RILL_REGISTER_OP("ApplyGradientDescent")
    .Input("var: Ref(T)")
    .Input("alpha: T")
    .Input("delta: T")
    .Output("out: Ref(T)")
    .Attr("T: {float, double}")
    .Attr("use_locking: bool = false")
    .SetIsStateful()
    .SetShapeFn(ApplyGradientDescentShape)
    .SetNoGradient()
    .SetReferenceKernel(ApplyGradientDescentKernel)
    .SetElementEmitter(ApplyGradientDescentEmitter)
    .Summary("var -= alpha * delta.");

namespace ops {

Output ApplyGradientDescent(const Scope& scope, const Output& var, const Output& alpha,
                            const Output& delta, const ApplyAttrs& attrs) {
  return OpBuilder(scope, "ApplyGradientDescent")
      .Input(var)
      .Input(alpha)
      .Input(delta)
      .Attr("use_locking", attrs.use_locking)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
