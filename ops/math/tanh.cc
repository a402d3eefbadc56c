// Tanh: elementwise hyperbolic tangent (TensorFlow's Tanh: input x, output y, attr T).
#include <cmath>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient: TanhGrad(y, dy) = dy * (1 - y^2), a composite expanded into primitives.
absl::Status TanhGradient(GradientContext& c) {
  c.set_input_grad(0, ops::TanhGrad(c.scope(), c.output(0), c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status TanhKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return std::tanh(x); });
  });
}

// 5. Element emitter (compiled code): libm tanh, as the kernel.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Tanh")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(TanhGradient)
    .SetReferenceKernel(TanhKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kTanh))
    .Summary("tanh(x) elementwise.");

namespace ops {

Output Tanh(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Tanh").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
