// Emits the native kernel of one op that is not element-wise (Transpose, Sum, MatMul, ...) from
// its loop emitter: a loop nest over the output's elements in which the op computes each element
// from input elements it reads at computed indices. Same ABI as elementwise_kernel_emitter.h.
#ifndef RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_
#define RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/elementwise_kernel_emitter.h"
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

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_LOOP_KERNEL_EMITTER_H_
