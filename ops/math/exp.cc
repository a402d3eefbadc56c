// Exp: elementwise e^x (TensorFlow's Exp: input x, output y, attr T).
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

// 3. Gradient: dx = dy * e^x, reusing the op's own output.
absl::Status ExpGrad(GradientContext& c) {
  c.set_input_grad(0, ops::Mul(c.scope(), c.grad(0), c.output(0)));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status ExpKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return std::exp(x); });
  });
}

// 5. Element emitter (compiled code): libm exp, as the kernel.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Exp")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(ExpGrad)
    .SetReferenceKernel(ExpKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kExp))
    .Summary("e^x elementwise.");

namespace ops {

Output Exp(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Exp").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
