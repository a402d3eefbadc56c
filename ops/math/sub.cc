// Sub: elementwise x - y with NumPy broadcasting (TensorFlow's Sub: inputs x, y; attr T).
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

// 3. Gradient: dz to x and -dz to y, each summed over the dims it was broadcast along.
absl::Status SubGrad(GradientContext& c) {
  SetBroadcastBinaryGradients(c, c.grad(0), ops::Neg(c.scope(), c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel. Integers wrap around on overflow (as TensorFlow's kernels do).
absl::Status SubKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T>(c, [](T x, T y) { return WrappingSub(x, y); });
  });
}

// 5. Element emitter (compiled code): one subtraction.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16, uint16 and complex types.
RILL_REGISTER_OP("Sub")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(SubGrad)
    .SetReferenceKernel(SubKernel)
    .SetElementEmitter(BinaryEmitter(ElemBinaryOp::kSub))
    .Summary("x - y elementwise, with broadcasting.");

namespace ops {

Output Sub(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "Sub").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
