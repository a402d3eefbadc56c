// Emitting one element-wise op through IrEmitterContext (ir_emitter_context.h), and FailureSlot.
#include "compiler/codegen/elemental_ir_emitter.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/ir_emitter_context.h"
#include "compiler/codegen/llvm_types.h"
#include "graph/types.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

namespace rill::codegen {

int FailureSlot::Add(std::string message) {
  messages_.push_back(std::move(message));
  return static_cast<int>(messages_.size());
}

absl::StatusOr<std::vector<TypedValue>> EmitElementalOp(
    llvm::IRBuilder<>& b, const OpRegistration& op, const std::string& node_name,
    const AttrSlice& attrs, const std::vector<TypedValue>& inputs,
    const std::vector<DataType>& output_dtypes, FailureSlot* failures) {
  if (!op.element_emitter) {
    return absl::UnimplementedError(
        absl::StrCat("node '", node_name, "' (", op.name(), "): op has no element emitter"));
  }
  IrEmitterContext c(b, op, node_name, attrs, inputs, output_dtypes, failures);
  absl::Status status = op.element_emitter(c);
  if (!status.ok()) {
    return absl::Status(status.code(), absl::StrCat("node '", node_name, "' (", op.name(),
                                                    "): element emitter: ", status.message()));
  }
  return c.Finish();
}

absl::StatusOr<std::vector<std::pair<int, TypedValue>>> EmitElementalUpdate(
    llvm::IRBuilder<>& b, const OpRegistration& op, const std::string& node_name,
    const AttrSlice& attrs, const std::vector<TypedValue>& inputs, FailureSlot* failures) {
  if (!op.element_emitter) {
    return absl::UnimplementedError(
        absl::StrCat("node '", node_name, "' (", op.name(), "): op has no element emitter"));
  }
  IrEmitterContext c(b, op, node_name, attrs, inputs, {}, failures);
  c.set_in_place(true);
  absl::Status status = op.element_emitter(c);
  if (!status.ok()) {
    return absl::Status(status.code(), absl::StrCat("node '", node_name, "' (", op.name(),
                                                    "): element emitter: ", status.message()));
  }
  RETURN_IF_ERROR(c.Finish().status());
  return c.ref_updates();
}

}  // namespace rill::codegen
