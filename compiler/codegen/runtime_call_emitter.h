// Lowering of the dense f32 ops (MatMul, BatchMatMulV2, Conv2D and its two backprops, the
// epilogue-fused RillFusedMatMul / RillFusedConv2D, and MaxPool / AvgPool and their gradients,
// which the runtime computes bitwise like the reference kernels, and BiasAddGrad, whose column
// sums runtime::ColumnSums adds in row chunks) to a generated kernel that calls the
// runtime's GEMM or convolution through the C-ABI entry points of runtime_calls.h, with the
// executable's thread pool. Same kernel ABI as elementwise_kernel_emitter.h.
#ifndef RILL_COMPILER_CODEGEN_RUNTIME_CALL_EMITTER_H_
#define RILL_COMPILER_CODEGEN_RUNTIME_CALL_EMITTER_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/elementwise_kernel_emitter.h"
#include "compiler/codegen/runtime_calls.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "llvm/IR/Module.h"
#include "ops/op_registry.h"

namespace rill::codegen {

enum class RuntimeCallKind {
  kGemm,
  kConvForward,
  kConvBackwardInput,
  kConvBackwardFilter,
  kMaxPool,
  kMaxPoolGrad,
  kAvgPool,
  kAvgPoolGrad,
  kColumnSums,  // BiasAddGrad: `m` rows of `n` columns summed per column
};

struct RuntimeCallSpec {
  std::string symbol;
  RuntimeCallKind kind = RuntimeCallKind::kGemm;
  std::vector<KernelOperand> inputs;  // the node's data inputs, in order (args[0..n))
  KernelOperand output;               // args[n]
  // kGemm: `batch` products of m x k by k x n; operand strides per product (0: broadcast).
  bool trans_a = false, trans_b = false;
  int64_t m = 0, n = 0, k = 0;
  int64_t batch = 1, a_batch_stride = 0, b_batch_stride = 0;
  // Convolutions: runtime::Conv2DShape's fields in order; pools: runtime::Pool2DShape's.
  std::array<int64_t, kConvGeometrySize> geometry = {};
  // Epilogue (kGemm, kConvForward): the bias input's index or -1, and relu.
  int bias_input = -1;
  bool relu = false;
  // Passed to every call (a runtime::ThreadPool*, or null for the calling thread only).
  void* thread_pool = nullptr;
};

// Fills `spec` (except symbol and thread_pool) when `node` is one of the ops above with T =
// float, fully known shapes and a layout the runtime takes, and returns true; false means "not a
// runtime call" and the caller lowers the node another way (its loop emitter). Errors only for a
// malformed fused node (InvalidArgument naming it).
absl::StatusOr<bool> MakeRuntimeCallSpec(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, RuntimeCallSpec* spec);

// Adds the kernel `i32 <symbol>(ptr args)` to `module`: it loads the buffers and makes one call
// to the runtime entry point (none when the output is empty). The caller defines the entry
// points' symbols in the JIT (RuntimeCallSymbols).
absl::StatusOr<EmittedKernel> EmitRuntimeCallKernel(const RuntimeCallSpec& spec,
                                                    llvm::Module& module);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_RUNTIME_CALL_EMITTER_H_
