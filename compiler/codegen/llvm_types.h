// How rill dtypes look in generated code: the in-memory LLVM type of a tensor element, the
// register type of a scalar value (DT_BOOL is i1 in registers, one byte in memory), signedness.
#ifndef RILL_COMPILER_CODEGEN_LLVM_TYPES_H_
#define RILL_COMPILER_CODEGEN_LLVM_TYPES_H_

#include "absl/status/statusor.h"
#include "graph/types.pb.h"
#include "llvm/IR/IRBuilder.h"

namespace rill::codegen {

// The type of one element as stored in a tensor buffer; Unimplemented for dtypes codegen does not
// handle (strings, complex, half types).
absl::StatusOr<llvm::Type*> MemoryType(llvm::LLVMContext& ctx, DataType dtype);
// The type of a scalar value in registers (i1 for DT_BOOL, else the memory type).
absl::StatusOr<llvm::Type*> ValueType(llvm::LLVMContext& ctx, DataType dtype);

bool IsFloat(DataType dtype);
bool IsUnsigned(DataType dtype);  // uint8..uint64 (bool is handled separately)
bool IsInteger(DataType dtype);   // signed or unsigned, not bool

// Loads element `index` of a `dtype` buffer as a register value (bytes != 0 for DT_BOOL).
llvm::Value* LoadElement(llvm::IRBuilder<>& b, DataType dtype, llvm::Type* memory_type,
                         llvm::Value* buffer, llvm::Value* index);
// Stores a register value as element `index` (DT_BOOL as a 0/1 byte).
void StoreElement(llvm::IRBuilder<>& b, DataType dtype, llvm::Type* memory_type,
                  llvm::Value* buffer, llvm::Value* index, llvm::Value* value);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_LLVM_TYPES_H_
