// Elu: elementwise exponential linear unit, features if features >= 0 else e^features - 1
// (TensorFlow's Elu: input features, output activations, attr T).
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

// 3. Gradient (TensorFlow's EluGrad, from the output y): dy * (y + 1) where y < 0, else dy.
absl::Status EluGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& y = c.output(0);
  const Output& dy = c.grad(0);
  Output negative = ops::Less(s, y, ops::ZerosLike(s, y));
  Output scaled = ops::Mul(s, dy, ops::AddV2(s, y, ops::OnesLike(s, y)));
  c.set_input_grad(0, ops::Select(s, negative, scaled, dy));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status EluKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return x < 0 ? std::expm1(x) : x; });
  });
}

// 5. Element emitter: x < 0 ? expm1(x) : x (both sides computed, then selected).
absl::Status EluEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  c.set_output(0, c.Select(c.Compare(ElemCompare::kLt, x, c.Constant(x.dtype, 0)),
                           c.Unary(ElemUnaryOp::kExpm1, x), x));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16 and half.
RILL_REGISTER_OP("Elu")
    .Input("features: T")
    .Output("activations: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(EluGrad)
    .SetReferenceKernel(EluKernel)
    .SetElementEmitter(EluEmitter)
    .Summary("features if features >= 0 else exp(features) - 1, elementwise.");

namespace ops {

Output Elu(const Scope& scope, const Output& features) {
  return OpBuilder(scope, "Elu").Input(features).Build().output(0);
}

}  // namespace ops
}  // namespace rill
