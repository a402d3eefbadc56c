// Which nodes become call kernels (call_emitter.h): the router over the call families
// (dense_call_lowering.h, random_call_lowering.h, softmax_call_lowering.h), and the operand
// collection and failure-message context the families share.
#ifndef RILL_COMPILER_CODEGEN_CALL_LOWERING_H_
#define RILL_COMPILER_CODEGEN_CALL_LOWERING_H_

#include <string>

#include "absl/status/statusor.h"
#include "compiler/codegen/call_emitter.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "ops/op_registry.h"

namespace rill::codegen {

// Whether some call family lowers `op` (for the lowering coverage).
bool HasCallLowering(const std::string& op);

// Fills `spec` (except symbol and thread_pool) when a call family lowers `node` and returns true;
// false means "not a call" (the caller lowers the node another way, or it keeps its reference
// kernel). Errors only for a malformed node a family must reject (InvalidArgument naming it).
absl::StatusOr<bool> MakeCallSpec(const Node& node, const ShapeRefiner& shapes,
                                  const OpRegistry& registry, CallSpec* spec);

// Fills spec->inputs and spec->outputs with `node`'s data inputs and outputs and returns true, or
// returns false when an input is a ref or a shape is not fully known.
absl::StatusOr<bool> CollectCallOperands(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, CallSpec* spec);

// NodeContext(node) for a failure message that goes through absl::Substitute ("$" escaped).
std::string SubstituteSafeContext(const Node& node);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_CALL_LOWERING_H_
