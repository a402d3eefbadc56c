// Emits the native kernel of one op that is not element-wise (Transpose, Sum, MatMul, ...) from
// its loop emitter: a loop nest over the output's elements in which the op computes each element
// from input elements it reads at computed indices. Same ABI as elementwise_kernel_emitter.h.
#ifndef RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_
#define RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_

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
};

absl::StatusOr<EmittedKernel> EmitLoopKernel(const LoopKernelSpec& spec, llvm::Module& module);

// Fills the loop emitter's view of its inputs (shapes, dtypes, constants, buffers loaded from
// `kernel`'s args, generators) in the function that holds the loop nest.
using LoopInputsFn = std::function<absl::Status(KernelSkeleton& kernel,
                                                IrEmitterContext::IndexedState& state)>;

// The general form of EmitLoopKernel: `node`'s loop emitter (from `op`) over `output`, whose
// buffer is args[output_arg]; `inputs` sets up what the emitter reads (fused reductions install
// a generator for a fused producer there).
absl::StatusOr<EmittedKernel> EmitLoopKernelWith(const std::string& symbol, const NodeDef& node,
                                                 const OpRegistration& op, int output_arg,
                                                 const KernelOperand& output,
                                                 const LoopInputsFn& inputs,
                                                 llvm::Module& module);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_
