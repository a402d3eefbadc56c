// dtype -> LLVM type mapping and element load/store helpers (see llvm_types.h).
#include "compiler/codegen/llvm_types.h"

#include "absl/strings/str_cat.h"
#include "graph/types.h"

namespace rill::codegen {

absl::StatusOr<llvm::Type*> MemoryType(llvm::LLVMContext& ctx, DataType dtype) {
  switch (dtype) {
    case DT_FLOAT:
      return llvm::Type::getFloatTy(ctx);
    case DT_DOUBLE:
      return llvm::Type::getDoubleTy(ctx);
    case DT_BOOL:
    case DT_INT8:
    case DT_UINT8:
      return llvm::Type::getInt8Ty(ctx);
    case DT_INT16:
    case DT_UINT16:
      return llvm::Type::getInt16Ty(ctx);
    case DT_INT32:
    case DT_UINT32:
      return llvm::Type::getInt32Ty(ctx);
    case DT_INT64:
    case DT_UINT64:
      return llvm::Type::getInt64Ty(ctx);
    default:
      return absl::UnimplementedError(
          absl::StrCat("codegen does not handle dtype ", DataTypeString(dtype)));
  }
}

absl::StatusOr<llvm::Type*> ValueType(llvm::LLVMContext& ctx, DataType dtype) {
  if (dtype == DT_BOOL) return llvm::Type::getInt1Ty(ctx);
  return MemoryType(ctx, dtype);
}

bool IsFloat(DataType dtype) { return dtype == DT_FLOAT || dtype == DT_DOUBLE; }

bool IsUnsigned(DataType dtype) {
  return dtype == DT_UINT8 || dtype == DT_UINT16 || dtype == DT_UINT32 || dtype == DT_UINT64;
}

bool IsInteger(DataType dtype) {
  return IsUnsigned(dtype) || dtype == DT_INT8 || dtype == DT_INT16 || dtype == DT_INT32 ||
         dtype == DT_INT64;
}

llvm::Value* LoadElement(llvm::IRBuilder<>& b, DataType dtype, llvm::Type* memory_type,
                         llvm::Value* buffer, llvm::Value* index) {
  llvm::Value* ptr = b.CreateInBoundsGEP(memory_type, buffer, index);
  llvm::Value* v = b.CreateLoad(memory_type, ptr);
  if (dtype == DT_BOOL) return b.CreateICmpNE(v, llvm::ConstantInt::get(memory_type, 0));
  return v;
}

void StoreElement(llvm::IRBuilder<>& b, DataType dtype, llvm::Type* memory_type,
                  llvm::Value* buffer, llvm::Value* index, llvm::Value* value) {
  if (dtype == DT_BOOL) value = b.CreateZExt(value, memory_type);
  b.CreateStore(value, b.CreateInBoundsGEP(memory_type, buffer, index));
}

}  // namespace rill::codegen
