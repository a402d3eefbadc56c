// Rsqrt: elementwise 1 / sqrt(x) (TensorFlow's Rsqrt: input x, output y, attr T).
#include <cmath>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math/scalar_const.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient (TensorFlow's RsqrtGrad): dx = dy * -0.5 * y^3 with y = 1 / sqrt(x).
absl::Status RsqrtGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& y = c.output(0);
  Output y_cubed = ops::Mul(s, y, ops::Square(s, y));
  Output minus_half = ops::ScalarConst(s, y.dtype(), -0.5);
  c.set_input_grad(0, ops::Mul(s, c.grad(0), ops::Mul(s, minus_half, y_cubed)));
  return absl::OkStatus();
}

// 4. Reference kernel (rsqrt(0) = inf, rsqrt(x < 0) = NaN).
absl::Status RsqrtKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return T(1) / std::sqrt(x); });
  });
}

// 5. Element emitter: 1 / sqrt(x), two IEEE operations as in the kernel (no rsqrt estimate).
absl::Status RsqrtEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  c.set_output(0, c.Binary(ElemBinaryOp::kDiv, c.Constant(x.dtype, 1),
                           c.Unary(ElemUnaryOp::kSqrt, x)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Rsqrt")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(RsqrtGrad)
    .SetReferenceKernel(RsqrtKernel)
    .SetElementEmitter(RsqrtEmitter)
    .Summary("1 / sqrt(x) elementwise.");

namespace ops {

Output Rsqrt(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Rsqrt").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
