// Mul: elementwise x * y with NumPy broadcasting (TensorFlow's Mul: inputs x, y; attr T).
#include <cstdint>

#include "graph/op_builder.h"
#include "ops/element_emitters.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// d(x*y)/dx = dy * y, d(x*y)/dy = x * dy, each summed over its broadcast dims.
absl::Status MulGrad(GradientContext& c) {
  const Scope& s = c.scope();
  SetBroadcastBinaryGradients(c, ops::Mul(s, c.grad(0), c.input(1)),
                              ops::Mul(s, c.input(0), c.grad(0)));
  return absl::OkStatus();
}

// Integers wrap around on overflow.
absl::Status MulKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T>(c, [](T x, T y) { return WrappingMul(x, y); });
  });
}

// No emitter yet (the compiler issue adds the scalar element emitter).

// 5. Element emitter (compiled code): one multiplication.

}  // namespace

// TensorFlow also allows half, bfloat16, int8/16, the unsigned ints and complex types.
RILL_REGISTER_OP("Mul")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64}")
    .SetIsCommutative()
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(MulGrad)
    .SetReferenceKernel(MulKernel)
    .SetElementEmitter(BinaryEmitter(ElemBinaryOp::kMul))
    .Summary("x * y elementwise, with broadcasting.");

namespace ops {

Output Mul(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "Mul").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
