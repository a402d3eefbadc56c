// Log1p: elementwise log(1 + x), accurate near 0 (TensorFlow's Log1p: input x, output y,
// attr T).
#include <cmath>

#include "graph/op_builder.h"
#include "ops/array_ops.h"
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

// 3. Gradient: dx = dy / (1 + x).
absl::Status Log1pGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  Output one_plus_x = ops::AddV2(s, ops::OnesLike(s, x), x);
  c.set_input_grad(0, ops::Mul(s, c.grad(0), ops::Reciprocal(s, one_plus_x)));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status Log1pKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return std::log1p(x); });
  });
}

// 5. Element emitter: libm log1p / log1pf, as std::log1p.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Log1p")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(Log1pGrad)
    .SetReferenceKernel(Log1pKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kLog1p))
    .Summary("log(1 + x) elementwise.");

namespace ops {

Output Log1p(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Log1p").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
