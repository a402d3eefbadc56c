// Buffer assignment: packs the intermediate buffers of one compiled function into a single arena,
// reusing memory between buffers whose lifetimes do not overlap. Pure analysis; runs before codegen.
#ifndef RILL_COMPILER_ANALYSIS_BUFFER_ASSIGNMENT_H_
#define RILL_COMPILER_ANALYSIS_BUFFER_ASSIGNMENT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "graph/graph.h"

namespace rill::compiler {

// One buffer to place: live from step `def` (written) through step `last_use` (last read),
// inclusive, in the order kernels run. A buffer read by a later step cannot share memory with one
// written before that read.
struct BufferRequest {
  std::string name;  // for messages and dumps, e.g. "dense/MatMul:0"
  int64_t bytes = 0;
  int def = 0;
  int last_use = 0;
};

struct BufferAssignment {
  // Arena offset of each request, in request order; multiples of the alignment.
  std::vector<int64_t> offsets;
  // Planned peak: the arena size.
  int64_t arena_bytes = 0;
  // What one buffer per value would take (the sum of aligned sizes), for reports.
  int64_t unshared_bytes = 0;
  // The largest total of (aligned) bytes live at one step: no plan can beat it.
  int64_t live_bytes_lower_bound = 0;

  // "arena 1.2 MiB for 3.4 MiB of buffers (lower bound 1.1 MiB)" plus one line per buffer.
  std::string ToString(absl::Span<const BufferRequest> requests) const;
};

// Places every request (greedy by size, best-fitting gap among buffers live at the same time, as
// TFLite's arena planner does); deterministic for equal inputs. InvalidArgument naming the buffer
// for a negative size or a lifetime that ends before it starts; `alignment` must be a power of two.
absl::StatusOr<BufferAssignment> AssignBuffers(absl::Span<const BufferRequest> requests,
                                               int64_t alignment = 64);

// Derives one request per node output from a schedule: `def` is the producer's position in
// `schedule`, `last_use` the last consumer's position; outputs named in `live_out` (fetched
// tensors, "node:port") stay live to the end. `bytes(node, port)` gives each output's size; outputs
// of size 0 (or not read and not fetched) get no buffer. Nodes must come after their inputs.
absl::StatusOr<std::vector<BufferRequest>> LivenessFromSchedule(
    absl::Span<Node* const> schedule, const std::function<int64_t(const Node&, int)>& bytes,
    const absl::flat_hash_set<std::string>& live_out);

}  // namespace rill::compiler

#endif  // RILL_COMPILER_ANALYSIS_BUFFER_ASSIGNMENT_H_
