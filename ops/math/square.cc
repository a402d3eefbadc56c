// Square: elementwise x * x (TensorFlow's Square: input x, output y, attr T).
#include <cstdint>

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

using SquareTypes = TypeList<float, double, int32_t, int64_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient: dx = dy * 2x, written dy * (x + x).
absl::Status SquareGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  c.set_input_grad(0, ops::Mul(s, c.grad(0), ops::AddV2(s, x, x)));
  return absl::OkStatus();
}

// 4. Reference kernel (integers wrap around on overflow).
absl::Status SquareKernel(KernelContext& c) {
  return DispatchDtype<SquareTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return WrappingMul(x, x); });
  });
}

// 5. Element emitter: x * x (integers wrap, as WrappingMul).
absl::Status SquareEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  c.set_output(0, c.Binary(ElemBinaryOp::kMul, x, x));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16 and complex types.
RILL_REGISTER_OP("Square")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(SquareGrad)
    .SetReferenceKernel(SquareKernel)
    .SetElementEmitter(SquareEmitter)
    .Summary("x * x elementwise.");

namespace ops {

Output Square(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Square").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
