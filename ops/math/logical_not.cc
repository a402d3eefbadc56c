// LogicalNot: elementwise !x for a bool tensor (TensorFlow's LogicalNot: input x, output y).
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

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient: none (bool tensors; TensorFlow's NotDifferentiable).

// 4. Reference kernel.
absl::Status LogicalNotKernel(KernelContext& c) {
  return UnaryElementwise<bool>(c, [](bool x) { return !x; });
}

// 5. Element emitter: !x.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("LogicalNot")
    .Input("x: bool")
    .Output("y: bool")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetNoGradient()
    .SetReferenceKernel(LogicalNotKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kLogicalNot))
    .Summary("!x elementwise for bools.");

namespace ops {

Output LogicalNot(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "LogicalNot").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
