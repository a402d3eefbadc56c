// Runs a compiled element-wise kernel on a node's input tensors (see compiled_kernel.h).
#include "compiler/codegen/compiled_kernel.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "base/status_macros.h"

namespace rill::codegen {

absl::Status CompiledKernel::Run(KernelContext& c, void* output_memory,
                                 std::shared_ptr<const void> keep_alive) const {
  if (c.num_inputs() != static_cast<int>(input_shapes_.size())) {
    return c.InvalidArgument("compiled kernel expects ", input_shapes_.size(), " inputs, got ",
                             c.num_inputs());
  }
  std::vector<void*> buffers;
  buffers.reserve(input_shapes_.size() + 1);
  std::vector<Variable*> refs;
  std::vector<Tensor> writable;  // keeps the opened buffers alive during the call
  for (int i = 0; i < c.num_inputs(); ++i) {
    if (Variable* var = c.ref_input(i); var != nullptr) {
      if (!in_place_) return c.InvalidArgument("compiled kernel cannot take a variable reference");
      if (!var->initialized() && initializes_ref_ && i == 0) {
        refs.push_back(var);
        continue;
      }
      if (!var->initialized()) {
        return c.FailedPrecondition("attempting to use uninitialized variable '", var->name(),
                                    "' (input ", i, ")");
      }
      if (var->value().shape() != input_shapes_[i]) {
        return c.InvalidArgument("variable '", var->name(), "' has shape ",
                                 var->value().shape().DebugString(),
                                 ", the kernel was compiled for ", input_shapes_[i].DebugString());
      }
      refs.push_back(var);
      continue;
    }
    const Tensor& t = c.input(i);
    if (!t.valid() || t.shape() != input_shapes_[i]) {
      return c.InvalidArgument("input ", i, " has shape ",
                               t.valid() ? t.shape().DebugString() : "<none>",
                               ", the kernel was compiled for ", input_shapes_[i].DebugString());
    }
    buffers.push_back(const_cast<void*>(t.raw_data()));
  }
  // Open the variables only after every check passed: nothing is written on an error.
  if (initializes_ref_ && !refs.empty() && !refs[0]->initialized()) {
    ASSIGN_OR_RETURN(Tensor fresh, Tensor::Create(refs[0]->dtype(), input_shapes_[0]));
    RETURN_IF_ERROR(c.AddContext(refs[0]->Assign(std::move(fresh))));
  }
  for (int i = 0, r = 0; i < c.num_inputs(); ++i) {
    if (c.ref_input(i) == nullptr) continue;
    ASSIGN_OR_RETURN(Tensor value, refs[r++]->MutableValue());
    buffers.insert(buffers.begin() + i, value.raw_data());
    writable.push_back(std::move(value));
  }
  if (in_place_) {
    for (int j = 0; j < c.num_outputs() && j < static_cast<int>(refs.size()); ++j) {
      c.set_ref_output(j, refs[j]);
    }
  } else if (output_memory != nullptr) {
    c.set_output(0, Tensor::WrapExternal(c.output_dtype(0), output_shape_, output_memory,
                                         std::move(keep_alive)));
    buffers.push_back(output_memory);
  } else {
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, output_shape_));
    buffers.push_back(out.raw_data());
  }
  if (!in_place_ && static_cast<int>(extras_.more_outputs.size()) + 1 > c.num_outputs()) {
    return c.InvalidArgument("compiled kernel has ", extras_.more_outputs.size() + 1,
                             " outputs, the node has ", c.num_outputs());
  }
  for (size_t i = 0; i < extras_.more_outputs.size(); ++i) {
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(static_cast<int>(i) + 1,
                                                   extras_.more_outputs[i]));
    buffers.push_back(out.raw_data());
  }
  std::vector<uint64_t> words;
  if (extras_.runtime_words) {
    ASSIGN_OR_RETURN(words, extras_.runtime_words(c));
    buffers.push_back(words.data());
  }
  int64_t details[kMaxFailureDetails] = {};
  if (extras_.failure_details) buffers.push_back(details);
  const int32_t code = entry_(buffers.data());
  if (code == 0) return absl::OkStatus();
  return FailureStatus(code, extras_.failure_details ? details : nullptr, c.context());
}

absl::Status CompiledKernel::FailureStatus(int32_t code, const int64_t* details,
                                           const std::string& context) const {
  if (code < 0 || code > static_cast<int32_t>(failure_messages_.size())) {
    return absl::InternalError(absl::StrCat(context, ": compiled kernel returned code ", code));
  }
  // The message already names the (possibly fused) node that failed.
  if (details != nullptr) {
    return absl::InvalidArgumentError(absl::Substitute(failure_messages_[code - 1], details[0],
                                                       details[1], details[2], details[3]));
  }
  return absl::InvalidArgumentError(failure_messages_[code - 1]);
}

}  // namespace rill::codegen
