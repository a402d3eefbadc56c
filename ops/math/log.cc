// Log: elementwise natural logarithm (TensorFlow's Log: input x, output y, attr T).
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

// 3. Gradient: dx = dy / x (as dy * Reciprocal(x), like TensorFlow).
absl::Status LogGrad(GradientContext& c) {
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::Mul(s, c.grad(0), ops::Reciprocal(s, c.input(0))));
  return absl::OkStatus();
}

// 4. Reference kernel (log(0) = -inf, log(x < 0) = NaN).
absl::Status LogKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return std::log(x); });
  });
}

// 5. Element emitter: libm log / logf, as std::log.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Log")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(LogGrad)
    .SetReferenceKernel(LogKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kLog))
    .Summary("The natural logarithm of x elementwise.");

namespace ops {

Output Log(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Log").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
