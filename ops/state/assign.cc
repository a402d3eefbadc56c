// Assign: ref = value (TensorFlow's Assign: inputs ref (a reference), value; output output_ref;
// attrs T, validate_shape, use_locking).
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/emitter_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/state/assign_update.h"
#include "ops/state_ops.h"
#include "ops/variable.h"

namespace rill {
namespace {

// With validate_shape the value must fit the variable's shape; the output is the new value's.
absl::Status AssignShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(bool validate_shape, c.attrs().GetBool("validate_shape"));
  if (!validate_shape) {
    c.set_output(0, c.input(1));
    return absl::OkStatus();
  }
  return state::MergeVariableAndValueShapes(c);
}

// Writes are not differentiable (SetNoGradient below, as TensorFlow).

// Swaps in the value (copy-on-write: readers of the old value keep it).
absl::Status AssignKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(Variable * var, c.RefInput(0));
  const Tensor& value = c.input(1);
  ASSIGN_OR_RETURN(bool validate_shape, c.attrs().GetBool("validate_shape"));
  if (validate_shape) {
    const bool fits = var->initialized()
                          ? var->value().shape() == value.shape()
                          : var->declared_shape().IsCompatibleWith(value.shape().AsPartial());
    if (!fits) {
      return c.InvalidArgument("value shape ", value.shape().DebugString(),
                               " does not match variable '", var->name(), "' of shape ",
                               var->initialized() ? var->value().shape().DebugString()
                                                  : var->declared_shape().DebugString());
    }
  }
  RETURN_IF_ERROR(var->Assign(value));
  c.set_ref_output(0, var);
  return absl::OkStatus();
}

// No emitter: variable updates run on the host.

// 5. Element emitter: an in-place copy into the variable's buffer (the compiler lowers it only
//    when value and variable have the same known shape and validate_shape holds; the native
//    kernel initialises an uninitialised variable first, see OpTraits::overwrites_ref).
absl::Status AssignEmitter(EmitterContext& c) {
  c.UpdateRef(0, c.input(1));
  return absl::OkStatus();
}

}  // namespace

RILL_REGISTER_OP("Assign")
    .Input("ref: Ref(T)")
    .Input("value: T")
    .Output("output_ref: Ref(T)")
    .Attr("T: type")
    .Attr("validate_shape: bool = true")
    .Attr("use_locking: bool = true")
    .SetAllowsUninitializedInput()
    .SetShapeFn(AssignShape)
    .SetNoGradient()
    .SetReferenceKernel(AssignKernel)
    .SetElementEmitter(AssignEmitter)
    .SetOverwritesRef()
    .Summary("Sets a variable to a value.");

namespace ops {

Output Assign(const Scope& scope, const Output& ref, const Output& value,
              const AssignAttrs& attrs) {
  return OpBuilder(scope, "Assign")
      .Input(ref)
      .Input(value)
      .Attr("validate_shape", attrs.validate_shape)
      .Attr("use_locking", attrs.use_locking)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
