// LogicalOr: elementwise x || y for bool tensors with NumPy broadcasting (TensorFlow's LogicalOr:
// inputs x, y; output z; commutative).
#include "graph/op_builder.h"
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

// 3. Gradient: none (bool tensors; TensorFlow's NotDifferentiable).

// 4. Reference kernel.
absl::Status LogicalOrKernel(KernelContext& c) {
  return BinaryElementwise<bool>(c, [](bool x, bool y) { return x || y; });
}

// 5. Element emitter: x || y.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("LogicalOr")
    .Input("x: bool")
    .Input("y: bool")
    .Output("z: bool")
    .SetIsCommutative()
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetNoGradient()
    .SetReferenceKernel(LogicalOrKernel)
    .SetElementEmitter(BinaryEmitter(ElemBinaryOp::kLogicalOr))
    .Summary("x || y elementwise for bools, with broadcasting.");

namespace ops {

Output LogicalOr(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "LogicalOr").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
