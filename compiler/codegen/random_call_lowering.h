// Lowering of the random ops (RandomUniform, RandomStandardNormal, TruncatedNormal,
// RandomUniformInt) to a call kernel (call_emitter.h) of rill_rt_random / rill_rt_random_int
// (call_abi.h). The kernels take the op's {seed, seed2, step} as their runtime words, computed
// at each run from the KernelContext (RandomKeyWords), so they draw exactly the reference
// kernels' Philox streams; failing kernels report the reference kernels' messages.
#ifndef RILL_COMPILER_CODEGEN_RANDOM_CALL_LOWERING_H_
#define RILL_COMPILER_CODEGEN_RANDOM_CALL_LOWERING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/call_emitter.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "ops/kernel_context.h"
#include "ops/op_registry.h"

namespace rill::codegen {

// Whether `op` is one of the ops above.
bool HasRandomCallLowering(const std::string& op);

// Fills `spec` (except symbol and thread_pool) when `node` is one of the ops above with a
// supported dtype and fully known shapes, and returns true; false means "not a call" (e.g. a
// shape only known at run time: the node keeps its reference kernel).
absl::StatusOr<bool> MakeRandomCallSpec(const Node& node, const ShapeRefiner& shapes,
                                        const OpRegistry& registry, CallSpec* spec);

// The random key buffer of one execution: {seed, seed2, step} after the seed rules of
// random_stream.h (the node's attrs, name and the executor's RandomKey).
absl::StatusOr<std::vector<uint64_t>> RandomKeyWords(const KernelContext& c);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_RANDOM_CALL_LOWERING_H_
