// KernelContext construction and RunReferenceKernel (error prefixing, output checks).
#include "ops/kernel_context.h"

#include <utility>

#include "absl/strings/match.h"
#include "graph/types.h"

namespace rill {

KernelContext::KernelContext(std::string node_name, std::string op, AttrSlice attrs,
                             std::vector<KernelInput> inputs, std::vector<DataType> output_dtypes,
                             KernelEnv env)
    : node_name_(std::move(node_name)),
      op_(std::move(op)),
      attrs_(attrs),
      inputs_(std::move(inputs)),
      output_dtypes_(std::move(output_dtypes)),
      outputs_(output_dtypes_.size()),
      env_(env) {}

absl::StatusOr<Variable*> KernelContext::RefInput(int i) const {
  if (i < 0 || i >= num_inputs()) {
    return absl::InternalError(absl::StrCat(context(), ": no input ", i));
  }
  if (inputs_[i].variable == nullptr) {
    return InvalidArgument("input ", i, " must be a reference to a variable (from VariableV2)");
  }
  return inputs_[i].variable;
}

absl::StatusOr<Tensor> KernelContext::allocate_output(int i, const TensorShape& shape) {
  RILL_DCHECK(i >= 0 && i < num_outputs(), "KernelContext::allocate_output out of range");
  absl::StatusOr<Tensor> t = Tensor::Create(BaseType(output_dtypes_[i]), shape, env_.limits);
  if (!t.ok()) return AddContext(t.status());
  outputs_[i].tensor = *t;
  return t;
}

absl::StatusOr<VariableStore*> KernelContext::variables() const {
  if (env_.variables == nullptr) {
    return FailedPrecondition("no variable store is available here (e.g. while constant folding)");
  }
  return env_.variables;
}

absl::Status KernelContext::AddContext(const absl::Status& status) const {
  if (status.ok()) return status;
  const std::string prefix = absl::StrCat(context(), ": ");
  if (absl::StartsWith(status.message(), prefix)) return status;
  return absl::Status(status.code(), absl::StrCat(prefix, status.message()));
}

absl::Status RunReferenceKernel(const OpRegistration& op, KernelContext& c) {
  if (!op.reference_kernel) {
    return c.Unimplemented("op '", op.name(), "' has no reference kernel");
  }
  RETURN_IF_ERROR(c.AddContext(op.reference_kernel(c)));
  for (int i = 0; i < c.num_outputs(); ++i) {
    const KernelInput& out = c.output(i);
    const DataType want = c.output_dtype(i);
    if (IsRefType(want)) {
      if (out.variable == nullptr || out.variable->dtype() != BaseType(want)) {
        return absl::InternalError(absl::StrCat(c.context(), ": the kernel did not set ref output ",
                                                i, " to a ", DataTypeString(BaseType(want)),
                                                " variable"));
      }
      continue;
    }
    if (!out.tensor.valid()) {
      return absl::InternalError(absl::StrCat(c.context(), ": the kernel did not set output ", i));
    }
    if (out.tensor.dtype() != want) {
      return absl::InternalError(absl::StrCat(c.context(), ": the kernel set output ", i, " to ",
                                              DataTypeString(out.tensor.dtype()), ", expected ",
                                              DataTypeString(want)));
    }
  }
  return absl::OkStatus();
}

}  // namespace rill
