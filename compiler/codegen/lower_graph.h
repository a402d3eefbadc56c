// Lowering a graph's nodes to native kernels: RillFusion groups and single element-wise ops
// through their element emitters, f32 MatMul / BatchMatMulV2 / Conv2D (+ backprops, fused
// epilogues), pools and their gradients and BiasAddGrad to calls of the runtime's kernels, and the
// random ops, Softmax, LogSoftmax and the sparse and dense softmax cross entropies to calls of
// their row routines or fills (one call kernel each: call_lowering.h, call_emitter.h), other
// single-output ops through their loop emitters: one LLVM module for the graph, JIT-compiled at
// once, and a kernel per lowered node.
// Nodes that cannot be lowered (no emitter, an unsupported dtype, shapes not fully known) are
// listed with the reason and stay on their reference kernels.
#ifndef RILL_COMPILER_CODEGEN_LOWER_GRAPH_H_
#define RILL_COMPILER_CODEGEN_LOWER_GRAPH_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "compiler/codegen/compiled_kernel.h"
#include "compiler/jit/jit.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "ops/op_registry.h"

namespace rill::codegen {

struct LoweredGraph {
  // Node name -> its native kernel.
  absl::node_hash_map<std::string, CompiledKernel> kernels;  // node map: stable addresses
  // Nodes left on the reference kernel, with the reason ("no element emitter", ...), in graph
  // order; excludes ops that need no kernel work (Const, Placeholder, NoOp, variables).
  std::vector<std::pair<std::string, std::string>> not_lowered;
  // The JIT that owns the kernels' code (the kernels are valid while it lives).
  std::unique_ptr<jit::Jit> jit;
};

struct LoweringOptions {
  jit::JitOptions jit;
  // The runtime::ThreadPool* the runtime calls and large element-wise kernels split their work on
  // (not owned; must outlive the kernels), or null for the calling thread only.
  void* thread_pool = nullptr;
};

// Lowers every element-wise node of `graph` (shapes from `shapes`, which must describe `graph`).
absl::StatusOr<LoweredGraph> LowerElementwiseNodes(
    const Graph& graph, const ShapeRefiner& shapes, const LoweringOptions& options = {},
    const OpRegistry& registry = *OpRegistry::Global());

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_LOWER_GRAPH_H_
