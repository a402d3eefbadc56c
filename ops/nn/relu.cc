// Relu: max(features, 0) elementwise (TensorFlow's Relu: input features, output activations, attr
// T).
#include "graph/op_builder.h"
#include "ops/element_emitters.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// dx = ReluGrad(dy, activations): dy where the output is positive (TensorFlow uses the output,
// which is positive exactly where the input is).
absl::Status ReluGradFn(GradientContext& c) {
  c.set_input_grad(0, ops::ReluGrad(c.scope(), c.grad(0), c.output(0)));
  return absl::OkStatus();
}

// max(x, 0); NaN stays NaN (as TensorFlow's kernel).
absl::Status ReluKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return x < T(0) ? T(0) : x; });
  });
}

// No emitter yet (the compiler issue adds the scalar element emitter).

// 5. Element emitter: x < 0 ? 0 : x, the kernel's exact rule (NaN and -0.0 pass through).
absl::Status ReluEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  const ElemValue zero = c.Constant(x.dtype, 0);
  c.set_output(0, c.Select(c.Compare(ElemCompare::kLt, x, zero), zero, x));
  return absl::OkStatus();
}

}  // namespace

// TensorFlow allows all real number types (and qint8); rill accepts the ones it supports.
RILL_REGISTER_OP("Relu")
    .Input("features: T")
    .Output("activations: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(ReluGradFn)
    .SetReferenceKernel(ReluKernel)
    .SetElementEmitter(ReluEmitter)
    .Summary("Rectified linear: max(features, 0).");

namespace ops {

Output Relu(const Scope& scope, const Output& features) {
  return OpBuilder(scope, "Relu").Input(features).Build().output(0);
}

}  // namespace ops
}  // namespace rill
