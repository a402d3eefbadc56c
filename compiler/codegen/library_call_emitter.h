// Lowering of the random ops (RandomUniform, RandomStandardNormal, TruncatedNormal,
// RandomUniformInt), of SparseSoftmaxCrossEntropyWithLogits and SoftmaxCrossEntropyWithLogits
// (both outputs, one kernel: the softmax + cross-entropy fusion) and of Softmax and LogSoftmax
// (one kernel each; the compiler keeps them whole, see CompilerKeepsWhole) to a generated kernel that calls the C-ABI entry points of
// library_calls.h. The random kernels take the op's {seed, seed2, step} as an extra buffer,
// computed at each run from the KernelContext (RandomKeyWords), so they draw exactly the
// reference kernels' Philox streams; failing kernels report the reference kernels' messages.
#ifndef RILL_COMPILER_CODEGEN_LIBRARY_CALL_EMITTER_H_
#define RILL_COMPILER_CODEGEN_LIBRARY_CALL_EMITTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/compiled_kernel.h"
#include "compiler/codegen/elementwise_kernel_emitter.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "llvm/IR/Module.h"
#include "ops/kernel_context.h"
#include "ops/nn/softmax_row.h"
#include "ops/op_registry.h"

namespace rill::codegen {

enum class LibraryCallKind {
  kRandomFloat,  // RandomUniform, RandomStandardNormal, TruncatedNormal
  kRandomInt,    // RandomUniformInt
  kSparseXent,   // SparseSoftmaxCrossEntropyWithLogits
  kSoftmax,      // Softmax
  kLogSoftmax,   // LogSoftmax
  kSoftmaxXent,  // SoftmaxCrossEntropyWithLogits
};

struct LibraryCallSpec {
  std::string symbol;
  LibraryCallKind kind = LibraryCallKind::kRandomFloat;
  std::vector<KernelOperand> inputs;   // the node's data inputs: args[0..n)
  std::vector<KernelOperand> outputs;  // args[n..n+m)
  int32_t distribution = 0;            // kRandomFloat: 0 uniform, 1 normal, 2 truncated normal
  // kSparseXent: features [batch, classes]. kSoftmax, kLogSoftmax: `batch` rows (all dims but the
  // last) of `classes`.
  int64_t batch = 0, classes = 0;
  // kSoftmaxXent: how features and labels broadcast to [batch, classes].
  XentBroadcast xent;
  // The message of failure code 1, already naming the node; "$0", "$1" stand for the details.
  std::string failure_message;
  void* thread_pool = nullptr;  // a runtime::ThreadPool*, or null
};

// Whether `op` is one of the ops above (for the lowering coverage test).
bool HasLibraryCallLowering(const std::string& op);

// Fills `spec` (except symbol and thread_pool) when `node` is one of the ops above with a
// supported dtype and fully known shapes, and returns true; false means "not a library call"
// (e.g. a shape only known at run time: the node keeps its reference kernel).
absl::StatusOr<bool> MakeLibraryCallSpec(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, LibraryCallSpec* spec);

// Adds the kernel `i32 <symbol>(ptr args)` to `module`: it loads the buffers and makes one call
// to the entry point (none for an empty output), returning its failure code.
absl::StatusOr<EmittedKernel> EmitLibraryCallKernel(const LibraryCallSpec& spec,
                                                    llvm::Module& module);

// What CompiledKernel must pass the kernel: outputs 1.., the random key, the details buffer.
KernelExtras LibraryCallExtras(const LibraryCallSpec& spec);

// The random key buffer of one execution: {seed, seed2, step} after the seed rules of
// random_stream.h (the node's attrs, name and the executor's RandomKey).
absl::StatusOr<std::vector<uint64_t>> RandomKeyWords(const KernelContext& c);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_LIBRARY_CALL_EMITTER_H_
