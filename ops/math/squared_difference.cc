// SquaredDifference: elementwise (x - y)^2 with NumPy broadcasting (TensorFlow's
// SquaredDifference: inputs x, y; attr T; commutative).
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

using SquaredDifferenceTypes = TypeList<float, double, int32_t, int64_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient (TensorFlow's): dx = dz * 2 (x - y) and dy = -dx, each summed over the dims its
//    input was broadcast along.
absl::Status SquaredDifferenceGrad(GradientContext& c) {
  const Scope& s = c.scope();
  Output diff = ops::Sub(s, c.input(0), c.input(1));
  Output gx = ops::Mul(s, c.grad(0), ops::AddV2(s, diff, diff));
  SetBroadcastBinaryGradients(c, gx, ops::Neg(s, gx));
  return absl::OkStatus();
}

// 4. Reference kernel. Integers wrap around on overflow.
absl::Status SquaredDifferenceKernel(KernelContext& c) {
  return DispatchDtype<SquaredDifferenceTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T>(c, [](T x, T y) {
      const T d = WrappingSub(x, y);
      return WrappingMul(d, d);
    });
  });
}

// 5. Element emitter: d = x - y, then d * d (integers wrap, as the kernel).
absl::Status SquaredDifferenceEmitter(EmitterContext& c) {
  const ElemValue d = c.Binary(ElemBinaryOp::kSub, c.input(0), c.input(1));
  c.set_output(0, c.Binary(ElemBinaryOp::kMul, d, d));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("SquaredDifference")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, int32, int64}")
    .SetIsCommutative()
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(SquaredDifferenceGrad)
    .SetReferenceKernel(SquaredDifferenceKernel)
    .SetElementEmitter(SquaredDifferenceEmitter)
    .Summary("(x - y) * (x - y) elementwise, with broadcasting.");

namespace ops {

Output SquaredDifference(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "SquaredDifference").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
