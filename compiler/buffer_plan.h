// BufferPlan: which native kernels write their output into the executable's arena, and where.
// Buffer assignment (compiler/analysis/buffer_assignment) packs the outputs whose lifetime the
// compiler can see completely: outputs of compiled kernels read only by compiled kernels (directly
// or through buffer-forwarding views such as Reshape) and never fetched. Anything that may keep a
// reference (a host op, a variable Assign, a fetch) gets its own buffer as before.
#ifndef RILL_COMPILER_BUFFER_PLAN_H_
#define RILL_COMPILER_BUFFER_PLAN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "compiler/analysis/buffer_assignment.h"
#include "graph/graph.h"
#include "graph/shape_refiner.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// Where one planned output lives.
struct PlannedBuffer {
  int64_t offset = 0;
  int64_t bytes = 0;
};

struct BufferPlan {
  // Planned node outputs (output 0 of a native kernel) by node name.
  absl::flat_hash_map<std::string, PlannedBuffer> outputs;
  // After the named node runs, these buffers are dead (its last reader was that node).
  absl::flat_hash_map<std::string, std::vector<PlannedBuffer>> dead_after;
  BufferAssignment assignment;        // arena_bytes = planned peak
  std::vector<BufferRequest> requests;  // in assignment order, for reports
};

// Plans the arena for running `schedule` (the executor's node order). `native` are the nodes
// whose kernels are compiled and write a fresh output 0 (not in-place updates); `fetches` are
// "node:port" names that leave the executable. Shapes must be fully known for planned outputs.
absl::StatusOr<BufferPlan> PlanBuffers(absl::Span<Node* const> schedule,
                                       const ShapeRefiner& shapes,
                                       const absl::flat_hash_set<std::string>& native,
                                       const std::vector<std::string>& fetches,
                                       const OpRegistry& registry);

}  // namespace rill::compiler

#endif  // RILL_COMPILER_BUFFER_PLAN_H_
