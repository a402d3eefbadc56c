// The skeleton every generated kernel shares (ABI `i32 <symbol>(ptr args)`): the function, the
// failure slot initialised in the entry block, loads of the buffer pointers, counted loops, and
// the exit that returns the failure code.
#ifndef RILL_COMPILER_CODEGEN_KERNEL_SKELETON_H_
#define RILL_COMPILER_CODEGEN_KERNEL_SKELETON_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "compiler/codegen/elemental_ir_emitter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace rill::codegen {

class KernelSkeleton {
 public:
  // Creates the function in `module` and leaves `b` in its entry block. With `range`, the
  // function is an internal `i32 <symbol>(ptr args, i64 begin, i64 end)` instead: the part of a
  // kernel that rill_rt_parallel_range runs over [begin, end) of its outermost loop.
  KernelSkeleton(llvm::IRBuilder<>& b, llvm::Module& module, const std::string& symbol,
                 bool range = false);

  // The pointer in args[k].
  llvm::Value* LoadBuffer(int k, const std::string& name);
  // Branches to the exit block and emits `ret failure-code` there.
  void Finish();

  llvm::Function* function() const { return fn_; }
  // The builder the kernel is emitted with.
  llvm::IRBuilder<>& builder() const { return b_; }
  // The range function's `begin` and `end` arguments.
  llvm::Value* range_begin() const { return fn_->getArg(1); }
  llvm::Value* range_end() const { return fn_->getArg(2); }
  FailureSlot& failures() { return failures_; }

 private:
  llvm::IRBuilder<>& b_;
  llvm::Function* fn_;
  FailureSlot failures_;
};

// Kernels given a thread pool whose work (elements written, or read for loop kernels) reaches
// kParallelMinWork split their outermost loop across it, each piece doing at least
// kParallelMinShardWork (a wake-up costs microseconds, more on a loaded machine; the runtime's
// pools use the same ~256 Ki floats per shard).
inline constexpr int64_t kParallelMinWork = int64_t{1} << 18;
inline constexpr int64_t kParallelMinShardWork = int64_t{1} << 17;

// Emits the kernel `symbol` (`i32 <symbol>(ptr args)`) that runs `range_fn` (a range-mode
// skeleton's function) over [0, extent) through rill_rt_parallel_range on `pool` (a
// runtime::ThreadPool*), at least `min_per_shard` indices per piece, and returns its failure
// code (the one the whole loop in order would give). The caller defines CallSymbols.
void EmitParallelRangeKernel(llvm::IRBuilder<>& b, llvm::Module& module, const std::string& symbol,
                             llvm::Function* range_fn, int64_t extent, int64_t min_per_shard,
                             void* pool);

// Emits `for (i = begin; i < end; ++i) body(i)` for runtime bounds (nothing when begin >= end).
absl::Status EmitRangeLoop(llvm::IRBuilder<>& b, llvm::Value* begin, llvm::Value* end,
                           const std::string& name,
                           const std::function<absl::Status(llvm::Value* i)>& body);

// Emits `for (i = 0; i < extent; ++i) body(i)` at b's insertion point (extent >= 1: a do-while
// loop), leaving b after the loop. `name` labels the blocks and the induction variable.
absl::Status EmitCountedLoop(llvm::IRBuilder<>& b, int64_t extent, const std::string& name,
                             const std::function<absl::Status(llvm::Value* i)>& body);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_KERNEL_SKELETON_H_
