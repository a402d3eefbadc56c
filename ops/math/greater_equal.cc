// GreaterEqual: elementwise x >= y (bool) with NumPy broadcasting, for real numbers (TensorFlow's
// GreaterEqual: inputs x, y; output z; attr T). Any comparison with NaN is false.
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient: none (a bool output; TensorFlow's NotDifferentiable).

// 4. Reference kernel.
absl::Status GreaterEqualKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T, bool>(c, [](T x, T y) { return x >= y; });
  });
}

// 5. Element emitter: x >= y.

}  // namespace

// 6. Registration. TensorFlow allows every real number type (also bfloat16, half, int8, int16
// and the wider unsigned ints); rill accepts the ones it supports.
RILL_REGISTER_OP("GreaterEqual")
    .Input("x: T")
    .Input("y: T")
    .Output("z: bool")
    .Attr("T: {float, double, int32, int64, uint8}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetNoGradient()
    .SetReferenceKernel(GreaterEqualKernel)
    .SetElementEmitter(CompareEmitter(ElemCompare::kGe))
    .Summary("x >= y elementwise, with broadcasting.");

namespace ops {

Output GreaterEqual(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "GreaterEqual").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
