// Emits one native kernel for an element-wise computation: a body of element-wise ops (a fusion
// group's FunctionDef, or a single node) evaluated over the output shape in one loop nest, with
// each input broadcast NumPy-style into it.
//
// Kernel ABI: `i32 <name>(ptr args)`, args[0..n) the input buffers, args[n] the output buffer
// (dense row-major). Returns 0, or 1 + the index of the failure message that held (see
// FailureSlot), after finishing the loop.
#ifndef RILL_COMPILER_CODEGEN_ELEMENTWISE_KERNEL_EMITTER_H_
#define RILL_COMPILER_CODEGEN_ELEMENTWISE_KERNEL_EMITTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "graph/function.pb.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"
#include "llvm/IR/Module.h"
#include "ops/op_registry.h"

namespace rill::codegen {

struct KernelOperand {
  DataType dtype = DT_INVALID;
  TensorShape shape;
};

struct ElementwiseKernelSpec {
  std::string symbol;                  // the function's name in the module
  FunctionDef body;                    // inputs in_<i>, one output out_0 (fusion pass layout)
  std::vector<KernelOperand> inputs;   // each broadcastable to `output`
  KernelOperand output;
  // A stateful op updating its ref inputs in place (Apply*): a one-node body, no output buffer
  // (args holds the inputs only), `output` gives the loop shape, and each UpdateRef stores into
  // that input's buffer.
  bool in_place = false;
  // In place, and ref input 0 is overwritten whole: the kernel may initialise the variable.
  bool initializes_ref = false;
  // A runtime::ThreadPool* (outlives the kernel) or null. With a pool, kernels of at least 2^18
  // output elements split their outermost loop across it through rill_rt_parallel_range (the
  // caller defines CallSymbols (call_abi.h) in the JIT); element-wise results do not depend on the
  // split, and the failure code is the one the whole loop in order would give.
  void* thread_pool = nullptr;
};

// What the caller needs to run the kernel.
struct EmittedKernel {
  std::string symbol;
  std::vector<std::string> failure_messages;  // code k -> failure_messages[k - 1]
};

// A one-node body for `node` (its data inputs become in_0..in_k), so single element-wise ops take
// the same path as fusion groups.
FunctionDef SingleNodeBody(const NodeDef& node, const std::vector<DataType>& input_dtypes,
                           DataType output_dtype, const std::string& output_arg);

// Adds the kernel to `module`. Errors: Unimplemented for an op without an element emitter or an
// unsupported dtype; InvalidArgument for a malformed body or non-broadcastable shapes.
absl::StatusOr<EmittedKernel> EmitElementwiseKernel(const ElementwiseKernelSpec& spec,
                                                    llvm::Module& module,
                                                    const OpRegistry& registry);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_ELEMENTWISE_KERNEL_EMITTER_H_
