// Sqrt: elementwise square root (TensorFlow's Sqrt: input x, output y, attr T).
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

// 3. Gradient (TensorFlow's SqrtGrad): dx = dy * 0.5 / y with y = sqrt(x), written dy / (y + y).
absl::Status SqrtGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& y = c.output(0);
  c.set_input_grad(0, ops::RealDiv(s, c.grad(0), ops::AddV2(s, y, y)));
  return absl::OkStatus();
}

// 4. Reference kernel (sqrt(x < 0) = NaN).
absl::Status SqrtKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return std::sqrt(x); });
  });
}

// 5. Element emitter: IEEE sqrt, as std::sqrt.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Sqrt")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(SqrtGrad)
    .SetReferenceKernel(SqrtKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kSqrt))
    .Summary("The square root of x elementwise.");

namespace ops {

Output Sqrt(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Sqrt").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
