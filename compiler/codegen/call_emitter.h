// The one way generated code calls C++: a CallSpec names an entry point of call_abi.h and its
// arguments (the node's buffers, per-run words, the failure details buffer, the thread pool,
// constant words and arrays), and EmitCallKernel turns it into the kernel that makes the call.
// The per-family files (dense_call_lowering.h, random_call_lowering.h, softmax_call_lowering.h)
// decide which nodes become calls and with what arguments.
#ifndef RILL_COMPILER_CODEGEN_CALL_EMITTER_H_
#define RILL_COMPILER_CODEGEN_CALL_EMITTER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/compiled_kernel.h"
#include "compiler/codegen/elementwise_kernel_emitter.h"
#include "llvm/IR/Module.h"
#include "ops/kernel_context.h"

namespace rill::codegen {

// One argument of an entry-point call.
struct CallArg {
  enum class Kind {
    kInput,           // the data input `index`'s buffer
    kOutput,          // the output `index`'s buffer
    kRuntimeWords,    // the uint64 buffer of CallSpec::runtime_words
    kFailureDetails,  // the int64 buffer the entry point writes its failure's numbers into
    kThreadPool,      // CallSpec::thread_pool (null: the calling thread only)
    kNull,            // a null pointer (an absent optional operand)
    kInt32,           // the constant `value` as i32
    kInt64,           // the constant `value` as i64
    kInt64Array,      // a pointer to a private constant int64 array holding `values`
  };
  Kind kind = Kind::kNull;
  int64_t value = 0;            // kInput / kOutput: the index; kInt32 / kInt64: the value
  std::vector<int64_t> values;  // kInt64Array

  static CallArg Input(int index) { return {Kind::kInput, index, {}}; }
  static CallArg Output(int index) { return {Kind::kOutput, index, {}}; }
  static CallArg RuntimeWords() { return {Kind::kRuntimeWords, 0, {}}; }
  static CallArg FailureDetails() { return {Kind::kFailureDetails, 0, {}}; }
  static CallArg ThreadPool() { return {Kind::kThreadPool, 0, {}}; }
  static CallArg Null() { return {Kind::kNull, 0, {}}; }
  static CallArg Int32(int64_t v) { return {Kind::kInt32, v, {}}; }
  static CallArg Int64(int64_t v) { return {Kind::kInt64, v, {}}; }
  static CallArg Int64Array(std::vector<int64_t> v) { return {Kind::kInt64Array, 0, std::move(v)}; }
};

// A kernel `i32 <symbol>(ptr args)` that makes one call of an entry point. Its buffers: the
// inputs, the outputs, then the runtime words (when an argument uses them), then the failure
// details (likewise) — the order CompiledKernel passes them in (KernelExtras).
struct CallSpec {
  std::string symbol;                  // the kernel
  std::string entry;                   // the entry point of call_abi.h
  std::vector<CallArg> args;           // its arguments, in order
  std::vector<KernelOperand> inputs;   // the node's data inputs
  std::vector<KernelOperand> outputs;  // the node's outputs (at least one)
  // False for an empty problem: the kernel makes no call and succeeds.
  bool has_work = true;
  // The entry point returns i32: its result is the kernel's failure code, and code 1 reports
  // `failure_message` (already naming the node; "$0", "$1" stand for the failure details).
  // Otherwise it returns void and the kernel cannot fail.
  bool returns_code = false;
  std::string failure_message;
  // Computes the kRuntimeWords buffer at each run (e.g. the random ops' seeds and step).
  std::function<absl::StatusOr<std::vector<uint64_t>>(const KernelContext&)> runtime_words;
  void* thread_pool = nullptr;  // a runtime::ThreadPool* outliving the kernel, or null
};

// Adds the kernel of `spec` to `module`; the caller defines the entry points in the JIT
// (CallSymbols). InvalidArgument for an argument naming a buffer `spec` does not have.
absl::StatusOr<EmittedKernel> EmitCallKernel(const CallSpec& spec, llvm::Module& module);

// What CompiledKernel must pass the kernel of `spec` beyond inputs and output 0.
KernelExtras CallKernelExtras(const CallSpec& spec);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_CALL_EMITTER_H_
