// Emits the kernel of a RillFusion of kind "reduction" (compiler/fusion_op.h): the root
// reduction's loop kernel, whose reads of input 0 evaluate the fused element-wise producers at
// that index (their element emitters, each external input broadcast into input 0's shape)
// instead of loading an intermediate buffer. f32 BiasAddGrad is emitted in runtime::ColumnSums'
// chunk order instead (bitwise its unfused runtime call). Same ABI as
// elementwise_kernel_emitter.h.
#ifndef RILL_COMPILER_CODEGEN_FUSED_REDUCTION_EMITTER_H_
#define RILL_COMPILER_CODEGEN_FUSED_REDUCTION_EMITTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/elementwise_kernel_emitter.h"
#include "graph/function.pb.h"
#include "graph/tensor.h"
#include "llvm/IR/Module.h"
#include "ops/op_registry.h"

namespace rill::codegen {

// f32 BiasAddGrad fuses with at most this many channels (its partial row lives on the stack).
inline constexpr int64_t kMaxFusedColumns = 16384;

struct FusedReductionSpec {
  std::string symbol;
  // Fusion pass layout: inputs in_<i>; element-wise producer nodes, and the root (ret out_0)
  // whose input 0 is a producer's output and whose other inputs are in_<i>.
  FunctionDef body;
  std::vector<KernelOperand> inputs;  // the fused node's inputs
  std::vector<Tensor> constants;      // per input: its value if constant (the axes), else invalid
  KernelOperand output;
  // A runtime::ThreadPool* or null: large kernels split their output dims over it (never a
  // reduction's summation; see EmitLoopKernelWith).
  void* thread_pool = nullptr;
};

// Adds the kernel to `module`. Unimplemented where an op or dtype has no emitter (the node then
// runs its body on the reference kernels); InvalidArgument for a malformed body.
absl::StatusOr<EmittedKernel> EmitFusedReductionKernel(const FusedReductionSpec& spec,
                                                       llvm::Module& module,
                                                       const OpRegistry& registry);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_FUSED_REDUCTION_EMITTER_H_
