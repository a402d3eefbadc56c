// AssignAdd: ref += value, in place (TensorFlow's AssignAdd: inputs ref (a reference),
// value; output output_ref; attrs T, use_locking).
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/state_ops.h"
#include "ops/variable.h"

namespace rill {
namespace {

// The value has the variable's shape (no broadcasting); the output is the variable's.
absl::Status AssignAddShape(ShapeContext& c) {
  absl::StatusOr<PartialShape> merged = c.input(0).Merge(c.input(1));
  if (!merged.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("value shape ", c.input(1).DebugString(),
                                                   " does not match the variable's ",
                                                   c.input(0).DebugString()));
  }
  c.set_output(0, *std::move(merged));
  return absl::OkStatus();
}

// Writes are not differentiable (SetNoGradient below, as TensorFlow).

// Updates a buffer only the variable holds (copied first if a reader still holds the old one).
absl::Status AssignAddKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(Variable * var, c.RefInput(0));
  const Tensor& value = c.input(1);
  if (!var->initialized()) {
    return c.FailedPrecondition("variable '", var->name(),
                                "' is uninitialized (run its initializer first)");
  }
  if (!(var->value().shape() == value.shape())) {
    return c.InvalidArgument("value shape ", value.shape().DebugString(),
                             " does not match variable '", var->name(), "' of shape ",
                             var->value().shape().DebugString());
  }
  if (value.dtype() != var->dtype()) {
    return c.InvalidArgument("value is ", DataTypeString(value.dtype()), ", variable '",
                             var->name(), "' is ", DataTypeString(var->dtype()));
  }
  ASSIGN_OR_RETURN(Tensor target, var->MutableValue());
  RETURN_IF_ERROR(DispatchDtype<RealTypes>(c, value.dtype(), [&]<typename T>() {
    T* v = target.data<T>();
    const T* d = value.data<T>();
    for (int64_t i = 0; i < value.num_elements(); ++i) v[i] = WrappingAdd(v[i], d[i]);
    return absl::OkStatus();
  }));
  c.set_ref_output(0, var);
  return absl::OkStatus();
}

// No emitter: variable updates run on the host.

}  // namespace

RILL_REGISTER_OP("AssignAdd")
    .Input("ref: Ref(T)")
    .Input("value: T")
    .Output("output_ref: Ref(T)")
    .Attr("T: {float, double, uint8, int32, int64}")
    .Attr("use_locking: bool = false")
    .SetShapeFn(AssignAddShape)
    .SetNoGradient()
    .SetReferenceKernel(AssignAddKernel)
    .Summary("Variable += value.");

namespace ops {

Output AssignAdd(const Scope& scope, const Output& ref, const Output& value,
                 const AssignUpdateAttrs& attrs) {
  return OpBuilder(scope, "AssignAdd")
      .Input(ref)
      .Input(value)
      .Attr("use_locking", attrs.use_locking)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
