// KernelSkeleton and EmitCountedLoop (see kernel_skeleton.h).
#include "compiler/codegen/kernel_skeleton.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill::codegen {
namespace {

llvm::Function* CreateKernelFunction(llvm::IRBuilder<>& b, llvm::Module& module,
                                     const std::string& symbol, bool range) {
  std::vector<llvm::Type*> params = {b.getPtrTy()};
  if (range) params.insert(params.end(), {b.getInt64Ty(), b.getInt64Ty()});
  auto* fn = llvm::Function::Create(llvm::FunctionType::get(b.getInt32Ty(), params, false),
                                    range ? llvm::Function::InternalLinkage
                                          : llvm::Function::ExternalLinkage,
                                    symbol, module);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  b.SetInsertPoint(llvm::BasicBlock::Create(module.getContext(), "entry", fn));
  return fn;
}

}  // namespace

KernelSkeleton::KernelSkeleton(llvm::IRBuilder<>& b, llvm::Module& module,
                               const std::string& symbol, bool range)
    : b_(b),
      fn_(CreateKernelFunction(b, module, symbol, range)),
      failures_(b.CreateAlloca(b.getInt32Ty(), nullptr, "failure")) {
  b_.CreateStore(b_.getInt32(0), failures_.slot());
}

llvm::Value* KernelSkeleton::LoadBuffer(int k, const std::string& name) {
  llvm::Value* slot = b_.CreateInBoundsGEP(b_.getPtrTy(), fn_->getArg(0), b_.getInt64(k));
  return b_.CreateLoad(b_.getPtrTy(), slot, name);
}

void KernelSkeleton::Finish() {
  auto* exit = llvm::BasicBlock::Create(b_.getContext(), "exit", fn_);
  b_.CreateBr(exit);
  b_.SetInsertPoint(exit);
  b_.CreateRet(b_.CreateLoad(b_.getInt32Ty(), failures_.slot()));
}

void EmitParallelRangeKernel(llvm::IRBuilder<>& b, llvm::Module& module, const std::string& symbol,
                             llvm::Function* range_fn, int64_t extent, int64_t min_per_shard,
                             void* pool) {
  // The kernel: rill_rt_parallel_range(pool, extent, min_per_shard, range_fn, args).
  KernelSkeleton outer(b, module, symbol);
  llvm::Type* ptr = b.getPtrTy();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::FunctionCallee fn = module.getOrInsertFunction(
      "rill_rt_parallel_range",
      llvm::FunctionType::get(b.getInt32Ty(), {ptr, i64, i64, ptr, ptr}, false));
  llvm::Value* pool_ptr =
      b.CreateIntToPtr(b.getInt64(reinterpret_cast<uintptr_t>(pool)), ptr, "pool");
  llvm::Value* code = b.CreateCall(fn, {pool_ptr, b.getInt64(extent), b.getInt64(min_per_shard),
                                        range_fn, outer.function()->getArg(0)});
  b.CreateStore(code, outer.failures().slot());
  outer.Finish();
}

absl::Status EmitRangeLoop(llvm::IRBuilder<>& b, llvm::Value* begin, llvm::Value* end,
                           const std::string& name,
                           const std::function<absl::Status(llvm::Value* i)>& body) {
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::BasicBlock* pre = b.GetInsertBlock();
  auto* loop = llvm::BasicBlock::Create(b.getContext(), name, fn);
  auto* after = llvm::BasicBlock::Create(b.getContext(), absl::StrCat(name, "_exit"), fn);
  b.CreateCondBr(b.CreateICmpSLT(begin, end), loop, after);
  b.SetInsertPoint(loop);
  llvm::PHINode* i = b.CreatePHI(b.getInt64Ty(), 2, absl::StrCat(name, "_i"));
  i->addIncoming(begin, pre);
  RETURN_IF_ERROR(body(i));
  llvm::Value* next = b.CreateAdd(i, b.getInt64(1), "", true, true);
  i->addIncoming(next, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpSLT(next, end), loop, after);
  b.SetInsertPoint(after);
  return absl::OkStatus();
}

absl::Status EmitCountedLoop(llvm::IRBuilder<>& b, int64_t extent, const std::string& name,
                             const std::function<absl::Status(llvm::Value* i)>& body) {
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::BasicBlock* pre = b.GetInsertBlock();
  auto* loop = llvm::BasicBlock::Create(b.getContext(), name, fn);
  auto* after = llvm::BasicBlock::Create(b.getContext(), absl::StrCat(name, "_exit"), fn);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  llvm::PHINode* i = b.CreatePHI(b.getInt64Ty(), 2, absl::StrCat(name, "_i"));
  i->addIncoming(b.getInt64(0), pre);
  RETURN_IF_ERROR(body(i));
  llvm::Value* next = b.CreateAdd(i, b.getInt64(1), "", true, true);
  i->addIncoming(next, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpSLT(next, b.getInt64(extent)), loop, after);
  b.SetInsertPoint(after);
  return absl::OkStatus();
}

}  // namespace rill::codegen
