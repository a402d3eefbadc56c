// Emits the native kernel of one op that is not element-wise (Transpose, Sum, MatMul, ...) from
// its loop emitter: a loop nest over the output's elements in which the op computes each element
// from input elements it reads at computed indices; large kernels split their output dims over a
// thread pool (see EmitLoopKernelWith). Same ABI as elementwise_kernel_emitter.h.
#ifndef RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_
#define RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/elementwise_kernel_emitter.h"
#include "compiler/codegen/ir_emitter_context.h"
#include "compiler/codegen/kernel_skeleton.h"
#include "graph/node_def.pb.h"
#include "graph/tensor.h"
#include "llvm/IR/Module.h"
#include "ops/op_registry.h"

namespace rill::codegen {

struct LoopKernelSpec {
  std::string symbol;
  NodeDef node;                         // name, op and attrs
  const OpRegistration* op = nullptr;   // has a loop_emitter
  std::vector<KernelOperand> inputs;
  std::vector<Tensor> constants;        // per input: its value if constant, else invalid
  KernelOperand output;
  // A runtime::ThreadPool* (outlives the kernel) or null: see EmitLoopKernelWith.
  void* thread_pool = nullptr;
};

absl::StatusOr<EmittedKernel> EmitLoopKernel(const LoopKernelSpec& spec, llvm::Module& module);

// Fills the loop emitter's view of its inputs (shapes, dtypes, constants, buffers loaded from
// `kernel`'s args, generators) in the function that holds the loop nest.
using LoopInputsFn = std::function<absl::Status(KernelSkeleton& kernel,
                                                IrEmitterContext::IndexedState& state)>;

// The general form of EmitLoopKernel: `node`'s loop emitter (from `op`) over `output`, whose
// buffer is args[output_arg]; `inputs` sets up what the emitter reads (fused reductions install
// a generator for a fused producer there). With a `thread_pool` and `work` (input elements read,
// at least the output's elements) of kParallelMinWork or more, the loop over the first output
// dim longer than 1 is split across the pool through rill_rt_parallel_range; each output element
// is still computed whole by one thread (a reduction's order never depends on the split), so
// results are bitwise equal on any thread count.
absl::StatusOr<EmittedKernel> EmitLoopKernelWith(const std::string& symbol, const NodeDef& node,
                                                 const OpRegistration& op, int output_arg,
                                                 const KernelOperand& output,
                                                 const LoopInputsFn& inputs, void* thread_pool,
                                                 int64_t work, llvm::Module& module);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_
