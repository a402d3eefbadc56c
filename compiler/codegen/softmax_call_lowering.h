// Lowering of Softmax and LogSoftmax (one kernel each; the compiler keeps them whole, see
// CompilerKeepsWhole) and of SparseSoftmaxCrossEntropyWithLogits and
// SoftmaxCrossEntropyWithLogits (both outputs, one kernel: the softmax + cross-entropy fusion)
// to a call kernel (call_emitter.h) of rill_rt_softmax / rill_rt_sparse_xent /
// rill_rt_softmax_xent (call_abi.h), which run the reference kernels' row routines; a bad label
// reports the reference kernel's message.
#ifndef RILL_COMPILER_CODEGEN_SOFTMAX_CALL_LOWERING_H_
#define RILL_COMPILER_CODEGEN_SOFTMAX_CALL_LOWERING_H_

#include <string>

#include "absl/status/statusor.h"
#include "compiler/codegen/call_emitter.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "ops/op_registry.h"

namespace rill::codegen {

// Whether `op` is one of the ops above.
bool HasSoftmaxCallLowering(const std::string& op);

// Fills `spec` (except symbol and thread_pool) when `node` is one of the ops above with a
// supported dtype and fully known shapes, and returns true; false means "not a call" (the node
// keeps its reference kernel, which also reports malformed inputs).
absl::StatusOr<bool> MakeSoftmaxCallSpec(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, CallSpec* spec);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_SOFTMAX_CALL_LOWERING_H_
