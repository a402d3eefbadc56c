// Options of a Session (per session) and of one Run (per call), and what a Run reports back
// (RunMetadata): TensorFlow's SessionOptions / RunOptions / RunMetadata, reduced to what rill uses.
#ifndef RILL_SESSION_SESSION_OPTIONS_H_
#define RILL_SESSION_SESSION_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "graph/tensor.h"

namespace rill {

// Per-session options.
struct SessionOptions {
  // Threads the compiled kernels (GEMM, convolutions) split their work across; 0 means one per
  // hardware core (Session::num_threads() reports the count). Results are bitwise independent
  // of it. At most 1024.
  int num_threads = 0;
  // TensorFlow's graph-level seed (tf.set_random_seed) for random ops.
  std::optional<int64_t> graph_seed;
  // Caps on what kernels may allocate.
  TensorLimits limits;
  // Compiler optimisation level for every plan: 0 runs every node on its reference kernel,
  // 1-3 lower what they can to native code through LLVM (see compiler/compile.h).
  int opt_level = 3;
};

// Per-Run options.
struct RunOptions {
  // Fill RunMetadata::clusters with per-cluster wall times (the total is always filled).
  bool collect_cluster_timing = true;
};

// Wall time of one cluster of a plan: a native kernel ("native <node>", a fused group keeps its
// root's name) or a host op ("host <node>").
struct ClusterTiming {
  std::string name;
  absl::Duration wall_time;
};

// What one Run reports.
struct RunMetadata {
  // Wall time of the whole Run, plan lookup included.
  absl::Duration total_time;
  // Time spent building (validating, pruning) the plan; zero on a cache hit.
  absl::Duration plan_build_time;
  // True if the plan came from the session's cache.
  bool plan_cache_hit = false;
  // The session's step counter for this Run (0 for the first Run).
  int64_t step = 0;
  // Per-cluster times in execution order (when RunOptions::collect_cluster_timing); nodes that
  // need no kernel work (constants, feeds, variables, NoOp) are not listed.
  std::vector<ClusterTiming> clusters;
};

}  // namespace rill

#endif  // RILL_SESSION_SESSION_OPTIONS_H_
