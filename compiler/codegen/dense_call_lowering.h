// Lowering of the dense f32 ops (MatMul, BatchMatMulV2, Conv2D and its two backprops, the
// epilogue-fused RillFusedMatMul / RillFusedConv2D, and MaxPool / AvgPool and their gradients,
// which the runtime computes bitwise like the reference kernels, and BiasAddGrad, whose column
// sums runtime::ColumnSums adds in row chunks) to a call kernel (call_emitter.h) of the runtime's
// GEMM, convolutions, pools or column sums through their entry points in call_abi.h, with the
// executable's thread pool.
#ifndef RILL_COMPILER_CODEGEN_DENSE_CALL_LOWERING_H_
#define RILL_COMPILER_CODEGEN_DENSE_CALL_LOWERING_H_

#include "absl/status/statusor.h"
#include "compiler/codegen/call_emitter.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "ops/op_registry.h"

namespace rill::codegen {

// Whether `op` is one of the ops above (for the lowering coverage).
bool HasDenseCallLowering(const std::string& op);

// Fills `spec` (except symbol and thread_pool) when `node` is one of the ops above with T =
// float, fully known shapes and a layout the runtime takes, and returns true; false means "not a
// runtime call" and the caller lowers the node another way (its loop emitter). Errors only for a
// malformed fused node (InvalidArgument naming it).
absl::StatusOr<bool> MakeDenseCallSpec(const Node& node, const ShapeRefiner& shapes,
                                       const OpRegistry& registry, CallSpec* spec);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_DENSE_CALL_LOWERING_H_
