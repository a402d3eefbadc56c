// The kernel of a CallSpec (call_emitter.h): load the buffers, build the arguments, make the call
// (when there is work), store its failure code.
#include "compiler/codegen/call_emitter.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/kernel_skeleton.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"

namespace rill::codegen {
namespace {

bool Uses(const CallSpec& spec, CallArg::Kind kind) {
  for (const CallArg& arg : spec.args) {
    if (arg.kind == kind) return true;
  }
  return false;
}

// InvalidArgument naming the kernel when an argument names a buffer `spec` does not have.
absl::Status CheckBuffers(const CallSpec& spec) {
  if (spec.outputs.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("call kernel ", spec.symbol, ": no output"));
  }
  for (const CallArg& arg : spec.args) {
    const bool input = arg.kind == CallArg::Kind::kInput;
    if (!input && arg.kind != CallArg::Kind::kOutput) continue;
    const size_t n = input ? spec.inputs.size() : spec.outputs.size();
    if (arg.value < 0 || arg.value >= static_cast<int64_t>(n)) {
      return absl::InvalidArgumentError(absl::StrCat("call kernel ", spec.symbol, ": ",
                                                     input ? "input " : "output ", arg.value,
                                                     " of ", n, " does not exist"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EmittedKernel> EmitCallKernel(const CallSpec& spec, llvm::Module& module) {
  RETURN_IF_ERROR(CheckBuffers(spec));
  llvm::IRBuilder<> b(module.getContext());
  KernelSkeleton kernel(b, module, spec.symbol);
  if (!spec.failure_message.empty()) kernel.failures().Add(spec.failure_message);  // code 1
  const int n_in = static_cast<int>(spec.inputs.size());
  const int n_out = static_cast<int>(spec.outputs.size());
  std::vector<llvm::Value*> in, out;
  for (int k = 0; k < n_in; ++k) in.push_back(kernel.LoadBuffer(k, absl::StrCat("in", k)));
  for (int k = 0; k < n_out; ++k) {
    out.push_back(kernel.LoadBuffer(n_in + k, absl::StrCat("out", k)));
  }
  int next = n_in + n_out;
  llvm::Value* words =
      Uses(spec, CallArg::Kind::kRuntimeWords) ? kernel.LoadBuffer(next++, "key") : nullptr;
  llvm::Value* details =
      Uses(spec, CallArg::Kind::kFailureDetails) ? kernel.LoadBuffer(next++, "details") : nullptr;
  llvm::Type* ptr = b.getPtrTy();
  llvm::Value* null = llvm::ConstantPointerNull::get(b.getPtrTy());
  // The pool outlives every executable (runtime::SharedThreadPool never destroys its pools).
  llvm::Value* pool =
      spec.thread_pool == nullptr
          ? null
          : b.CreateIntToPtr(b.getInt64(reinterpret_cast<uintptr_t>(spec.thread_pool)), ptr,
                             "thread_pool");
  if (spec.has_work) {
    std::vector<llvm::Value*> args;
    std::vector<llvm::Type*> types;
    for (const CallArg& arg : spec.args) {
      llvm::Value* v = nullptr;
      switch (arg.kind) {
        case CallArg::Kind::kInput:
          v = in[arg.value];
          break;
        case CallArg::Kind::kOutput:
          v = out[arg.value];
          break;
        case CallArg::Kind::kRuntimeWords:
          v = words;
          break;
        case CallArg::Kind::kFailureDetails:
          v = details;
          break;
        case CallArg::Kind::kThreadPool:
          v = pool;
          break;
        case CallArg::Kind::kNull:
          v = null;
          break;
        case CallArg::Kind::kInt32:
          v = b.getInt32(static_cast<uint32_t>(arg.value));
          break;
        case CallArg::Kind::kInt64:
          v = b.getInt64(static_cast<uint64_t>(arg.value));
          break;
        case CallArg::Kind::kInt64Array: {
          std::vector<uint64_t> values(arg.values.begin(), arg.values.end());
          auto* init = llvm::ConstantDataArray::get(module.getContext(), values);
          v = new llvm::GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                       llvm::GlobalValue::PrivateLinkage, init,
                                       absl::StrCat(spec.symbol, "_geometry"));
          break;
        }
      }
      args.push_back(v);
      types.push_back(v->getType());
    }
    llvm::Type* result = spec.returns_code ? b.getInt32Ty() : b.getVoidTy();
    llvm::FunctionCallee fn =
        module.getOrInsertFunction(spec.entry, llvm::FunctionType::get(result, types, false));
    llvm::Value* code = b.CreateCall(fn, args);
    if (spec.returns_code) b.CreateStore(code, kernel.failures().slot());
  }
  kernel.Finish();
  return EmittedKernel{spec.symbol, kernel.failures().messages()};
}

KernelExtras CallKernelExtras(const CallSpec& spec) {
  KernelExtras extras;
  for (size_t k = 1; k < spec.outputs.size(); ++k) {
    extras.more_outputs.push_back(spec.outputs[k].shape);
  }
  if (Uses(spec, CallArg::Kind::kRuntimeWords)) extras.runtime_words = spec.runtime_words;
  extras.failure_details = Uses(spec, CallArg::Kind::kFailureDetails);
  return extras;
}

}  // namespace rill::codegen
