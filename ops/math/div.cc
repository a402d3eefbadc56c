// Div: elementwise x / y with NumPy broadcasting (TensorFlow's Div: inputs x, y; attr T).
// Integers truncate toward zero; integer division by zero and INT_MIN / -1 are InvalidArgument.
#include <type_traits>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math/integer_division.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient (TensorFlow's): dx = dz / y, dy = dz * (-x / y / y), each summed over the dims
//    its input was broadcast along.
absl::Status DivGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& y = c.input(1);
  const Output& dz = c.grad(0);
  SetBroadcastBinaryGradients(c, ops::Div(s, dz, y),
                              ops::Mul(s, dz, ops::Div(s, ops::Div(s, ops::Neg(s, x), y), y)));
  return absl::OkStatus();
}

// 4. Reference kernel. Floats follow IEEE (x / 0 is +-inf or NaN).
absl::Status DivKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() -> absl::Status {
    if constexpr (std::is_floating_point_v<T>) {
      return BinaryElementwise<T>(c, [](T x, T y) { return x / y; });
    } else {
      return BinaryElementwiseOrError<T>(c, [](T x, T y) { return math::TruncatingDivide(x, y); });
    }
  });
}

// 5. Element emitter: IEEE x / y for floats; for integers the kernel's checks (FailIf with
//    math::CheckIntegerDivision's messages), then a truncating division by a divisor that cannot
//    trap.
absl::Status DivEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0), y = c.input(1);
  if (x.dtype == DT_FLOAT || x.dtype == DT_DOUBLE) {
    c.set_output(0, c.Binary(ElemBinaryOp::kDiv, x, y));
  } else {
    c.set_output(0, c.Binary(ElemBinaryOp::kDiv, x, GuardedIntegerDivisor(c, x, y)));
  }
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16, uint16 and complex types.
RILL_REGISTER_OP("Div")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(DivGrad)
    .SetReferenceKernel(DivKernel)
    .SetElementEmitter(DivEmitter)
    .Summary("x / y elementwise, with broadcasting; integers truncate toward zero.");

namespace ops {

Output Div(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "Div").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
