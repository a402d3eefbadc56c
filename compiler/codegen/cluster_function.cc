// Emits a cluster function (cluster_function.h): a straight line of calls through the member
// kernels' addresses, each followed by a branch out on failure.
#include "compiler/codegen/cluster_function.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"

namespace rill::codegen {

absl::StatusOr<ClusterEntry> EmitClusterFunction(jit::Jit& jit, const std::string& symbol,
                                                 const std::vector<ClusterCall>& members) {
  if (members.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("cluster '", symbol, "' has no members"));
  }
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>(symbol, *ctx);
  module->setTargetTriple(jit.target_triple());
  module->setDataLayout(jit.data_layout());
  llvm::IRBuilder<> b(*ctx);
  llvm::Type* ptr = b.getPtrTy();
  llvm::Type* i32 = b.getInt32Ty();
  llvm::FunctionType* kernel_type = llvm::FunctionType::get(i32, {ptr}, false);
  llvm::FunctionType* type = llvm::FunctionType::get(i32, {ptr, ptr}, false);
  llvm::Function* fn =
      llvm::Function::Create(type, llvm::Function::ExternalLinkage, symbol, module.get());
  llvm::Value* tables = fn->getArg(0);
  llvm::Value* failed = fn->getArg(1);
  tables->setName("tables");
  failed->setName("failed");
  b.SetInsertPoint(llvm::BasicBlock::Create(*ctx, "entry", fn));
  llvm::MDNode* unlikely = llvm::MDBuilder(*ctx).createBranchWeights(1, 1000);
  for (size_t k = 0; k < members.size(); ++k) {
    if (members[k].entry == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("cluster '", symbol, "': member ", k, " has no entry"));
    }
    llvm::Value* table = b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, tables, k));
    llvm::Value* callee = b.CreateIntToPtr(
        b.getInt64(reinterpret_cast<uint64_t>(members[k].entry)), ptr);
    llvm::Value* code = b.CreateCall(kernel_type, callee, {table}, members[k].node);
    llvm::BasicBlock* fail = llvm::BasicBlock::Create(*ctx, absl::StrCat("fail", k), fn);
    llvm::BasicBlock* next = llvm::BasicBlock::Create(*ctx, absl::StrCat("ok", k), fn);
    b.CreateCondBr(b.CreateICmpNE(code, b.getInt32(0)), fail, next, unlikely);
    b.SetInsertPoint(fail);
    b.CreateStore(b.getInt32(static_cast<int32_t>(k)), failed);
    b.CreateRet(code);
    b.SetInsertPoint(next);
  }
  b.CreateRet(b.getInt32(0));
  RETURN_IF_ERROR(jit.AddModule(std::move(ctx), std::move(module)));
  ASSIGN_OR_RETURN(void* address, jit.Lookup(symbol));
  return reinterpret_cast<ClusterEntry>(address);
}

}  // namespace rill::codegen
