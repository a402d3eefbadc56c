// RealDiv: elementwise floating-point x / y with NumPy broadcasting (TensorFlow's RealDiv:
// inputs x, y; attr T).
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient (TensorFlow's): dx = dz / y, dy = dz * (-x / y / y), each summed over the dims
//    its input was broadcast along.
absl::Status RealDivGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& y = c.input(1);
  const Output& dz = c.grad(0);
  SetBroadcastBinaryGradients(
      c, ops::RealDiv(s, dz, y),
      ops::Mul(s, dz, ops::RealDiv(s, ops::RealDiv(s, ops::Neg(s, x), y), y)));
  return absl::OkStatus();
}

// 4. Reference kernel (IEEE: x / 0 is +-inf or NaN).
absl::Status RealDivKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T>(c, [](T x, T y) { return x / y; });
  });
}

// 5. Element emitter: IEEE x / y.

}  // namespace

// 6. Registration. TensorFlow's OpDef also lists integer types, but it has no CPU kernel for
// them (integer division is Div / FloorDiv); rill accepts the floating-point types it supports.
RILL_REGISTER_OP("RealDiv")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(RealDivGrad)
    .SetReferenceKernel(RealDivKernel)
    .SetElementEmitter(BinaryEmitter(ElemBinaryOp::kDiv))
    .Summary("x / y elementwise for floating-point types, with broadcasting.");

namespace ops {

Output RealDiv(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "RealDiv").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
