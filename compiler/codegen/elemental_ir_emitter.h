// ElementalIrEmitter: lowers one element-wise op's scalar emitter (ops/emitter_context.h) to LLVM IR
// at an IRBuilder's insertion point, inside a loop body that the kernel emitter owns (XLA's
// elemental emitter, reduced to the vocabulary rill's ops use).
#ifndef RILL_COMPILER_CODEGEN_ELEMENTAL_IR_EMITTER_H_
#define RILL_COMPILER_CODEGEN_ELEMENTAL_IR_EMITTER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "graph/types.pb.h"
#include "llvm/IR/IRBuilder.h"
#include "ops/attr_slice.h"
#include "ops/emitter_context.h"
#include "ops/op_registry.h"

namespace rill::codegen {

// Where FailIf conditions go: an i32 slot that holds 0, or 1 + the index of the first message whose
// condition held. One per kernel, shared by all the ops fused into it.
class FailureSlot {
 public:
  // `slot` is an i32 alloca in the kernel's entry block, initialised to 0.
  explicit FailureSlot(llvm::Value* slot) : slot_(slot) {}
  llvm::Value* slot() const { return slot_; }
  // Records `message` (node-qualified) and returns its code (index + 1).
  int Add(std::string message);
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  llvm::Value* slot_;
  std::vector<std::string> messages_;
};

// A typed scalar in registers.
struct TypedValue {
  llvm::Value* value = nullptr;
  DataType dtype = DT_INVALID;
};

// Emits `op`'s element emitter for one node. `inputs` are the node's input elements at the
// current position.
absl::StatusOr<std::vector<TypedValue>> EmitElementalOp(
    llvm::IRBuilder<>& b, const OpRegistration& op, const std::string& node_name,
    const AttrSlice& attrs, const std::vector<TypedValue>& inputs,
    const std::vector<DataType>& output_dtypes, FailureSlot* failures);

// Emits a stateful op's in-place element update: returns (ref input index, new value) pairs.
absl::StatusOr<std::vector<std::pair<int, TypedValue>>> EmitElementalUpdate(
    llvm::IRBuilder<>& b, const OpRegistration& op, const std::string& node_name,
    const AttrSlice& attrs, const std::vector<TypedValue>& inputs, FailureSlot* failures);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_ELEMENTAL_IR_EMITTER_H_
