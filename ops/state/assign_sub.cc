// AssignSub: ref -= value, in place (TensorFlow's AssignSub: inputs ref (a reference),
// value; output output_ref; attrs T, use_locking). Shape function and kernel: assign_update.h.
#include "graph/op_builder.h"
#include "ops/emitter_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/state/assign_update.h"
#include "ops/state_ops.h"

namespace rill {
namespace {

// The value has the variable's shape (no broadcasting); the output is the variable's:
// state::MergeVariableAndValueShapes.

// Writes are not differentiable (SetNoGradient below, as TensorFlow).

absl::Status AssignSubKernel(KernelContext& c) {
  return state::AssignUpdateKernel(c, state::AssignUpdate::kSub);
}

// Element emitter (in place): ref -= value, element by element (integers wrap), as the kernel.
absl::Status AssignSubEmitter(EmitterContext& c) {
  c.UpdateRef(0, c.Binary(ElemBinaryOp::kSub, c.input(0), c.input(1)));
  return absl::OkStatus();
}

}  // namespace

RILL_REGISTER_OP("AssignSub")
    .Input("ref: Ref(T)")
    .Input("value: T")
    .Output("output_ref: Ref(T)")
    .Attr("T: {float, double, uint8, int32, int64}")
    .Attr("use_locking: bool = false")
    .SetShapeFn(state::MergeVariableAndValueShapes)
    .SetNoGradient()
    .SetReferenceKernel(AssignSubKernel)
    .SetElementEmitter(AssignSubEmitter)
    .Summary("Variable -= value.");

namespace ops {

Output AssignSub(const Scope& scope, const Output& ref, const Output& value,
                 const AssignUpdateAttrs& attrs) {
  return OpBuilder(scope, "AssignSub")
      .Input(ref)
      .Input(value)
      .Attr("use_locking", attrs.use_locking)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
