// The shared AssignAdd/AssignSub shape function and kernel (see assign_update.h).
#include "ops/state/assign_update.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/variable.h"

namespace rill::state {

absl::Status MergeVariableAndValueShapes(ShapeContext& c) {
  absl::StatusOr<PartialShape> merged = c.input(0).Merge(c.input(1));
  if (!merged.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("value shape ", c.input(1).DebugString(),
                                                   " does not match the variable's ",
                                                   c.input(0).DebugString()));
  }
  c.set_output(0, *std::move(merged));
  return absl::OkStatus();
}

// Updates a buffer only the variable holds (copied first if a reader still holds the old one).
absl::Status AssignUpdateKernel(KernelContext& c, AssignUpdate update) {
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
    const int64_t n = value.num_elements();
    // The switch is outside the loop so each loop is a plain element-wise update.
    switch (update) {
      case AssignUpdate::kAdd:
        for (int64_t i = 0; i < n; ++i) v[i] = WrappingAdd(v[i], d[i]);
        break;
      case AssignUpdate::kSub:
        for (int64_t i = 0; i < n; ++i) v[i] = WrappingSub(v[i], d[i]);
        break;
    }
    return absl::OkStatus();
  }));
  c.set_ref_output(0, var);
  return absl::OkStatus();
}

}  // namespace rill::state
