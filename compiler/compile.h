// compiler::Compile: the compiler's entry point, usable without a Session. It specialises a graph
// to concrete feed dtypes and shapes, runs the pass pipeline (composite expansion, clean-up,
// fusion), lowers what it can to native code through LLVM and returns an Executable: a plan that
// runs the compiled kernels and, between them, the reference kernels of the nodes not lowered
// (host ops), with TF 1.x variable semantics. Runs of compiled kernels form clusters
// (compiler/cluster_plan.h), each run as one native call of a JIT function calling its members in
// order (compiler/cluster_kernel.h); in-place variable updates (Assign*, Apply*) stay single calls
// between clusters.
//
// Numerics: compiled kernels reproduce the reference kernels bitwise, except f32 MatMul,
// BatchMatMulV2, Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter and their epilogue-fused forms,
// which call the runtime's GEMM and convolutions (FMA, blocked summation order), and f32
// BiasAddGrad, which calls runtime::ColumnSums (rows summed in chunks): those agree with
// the reference within the tolerance stated in compiler/testing/compiled_numerics.h. Results are
// bitwise independent of CompileOptions::num_threads (the runtime never splits a reduction).
#ifndef RILL_COMPILER_COMPILE_H_
#define RILL_COMPILER_COMPILE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/graph.h"
#include "graph/graph.pb.h"
#include "graph/tensor.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/tensor_shape.h"
#include "ops/op_registry.h"
#include "ops/variable.h"

namespace rill::compiler {

// A feed the executable is specialised for: a tensor name and its concrete dtype and shape.
struct FeedSpec {
  std::string name;
  DataType dtype = DT_INVALID;
  TensorShape shape;
};

// What to compute: the feeds (in the order Run takes them), the fetched tensors and the targets.
struct CompileSpec {
  std::vector<FeedSpec> feeds;
  std::vector<std::string> fetches;
  std::vector<std::string> targets;
};

struct CompileOptions {
  // 0: no native code (every node on its reference kernel: the -O0 path); 1-3: LLVM levels.
  int opt_level = 3;
  // The session's variables (not owned; must outlive the executable), or null for the
  // executable's own.
  VariableStore* variables = nullptr;
  std::optional<int64_t> graph_seed;
  // Caps on what kernels may allocate.
  TensorLimits limits;
  // Threads the native kernels split their work across (runtime::SharedThreadPool(n), shared by
  // every executable with the same count); 0 means one per hardware core. Results are bitwise
  // independent of it.
  int num_threads = 0;
  // Dumps: graph text after the named passes ("all" for every one) and LLVM IR ("llvm-before-opt",
  // "llvm-after-opt") are passed to `dump` as (stage, text).
  std::vector<std::string> dump_after;
  std::function<void(absl::string_view stage, absl::string_view text)> dump;
  // Buffer assignment: native kernels whose outputs only native kernels read write into one arena
  // per executable, reused between values that are not live at the same time (and not zero-filled).
  bool plan_buffers = true;
  // Debug mode: every planned buffer is overwritten with 0xFF bytes (NaN for floats) as soon as
  // its last reader has run, so a liveness bug shows up as wrong results. Also switched on by the
  // environment variable RILL_POISON_DEAD_BUFFERS=1.
  bool poison_dead_buffers = false;
  // Runs each cluster of native kernels (maximal runs of the schedule that may run back to back,
  // compiler/cluster_plan.h) as one native call of a JIT function that calls the members in
  // order; host ops run on reference kernels between clusters. Results are bitwise those of the
  // per-node path (false: one executor step per native kernel). When a run collects timings, or
  // dead buffers are poisoned, a cluster calls its members one by one from C++ instead (same
  // kernels, same order). In-place variable updates (Apply*, Assign*) are members too: the
  // executor opens the written variables for them (interpreter.h, NodeGroup), so a whole training
  // step can be one call. The "clusters" dump stage lists each cluster's members.
  bool cluster_kernels = true;
};

// The arena plan of an executable (compiler/buffer_plan.h).
struct ExecutableBufferStats {
  int64_t arena_bytes = 0;       // planned peak of the planned buffers
  int64_t unshared_bytes = 0;    // what they would take with one buffer each
  int64_t planned_buffers = 0;   // how many node outputs live in the arena
  bool poisoning = false;        // dead buffers are poisoned
};

// What one Run did.
struct ExecutableRunStats {
  int64_t nodes_run = 0;
  int64_t compiled_kernels_run = 0;
  std::vector<std::string> reference_nodes;  // ran on reference kernels (host ops)
  // Calls from the executor into native code: one per cluster run, one per native kernel run
  // outside clusters (a cluster run member by member counts each member).
  int64_t native_calls = 0;
  int64_t clusters_run = 0;  // clusters run as one call each
  // Per node kernel wall times, in execution order, when set_collect_timing(true).
  std::vector<NodeTiming> timings;
};

class Executable {
 public:
  virtual ~Executable() = default;
  // Runs one step. `feeds` must match the spec's feeds in order, dtype and shape (InvalidArgument
  // naming the feed otherwise). `step` keys random ops (successive steps draw new numbers).
  virtual absl::StatusOr<std::vector<Tensor>> Run(const std::vector<Tensor>& feeds,
                                                  int64_t step) = 0;
  // The graph after all passes (what runs), for dumps and tests.
  virtual const Graph& optimized_graph() const = 0;
  // Nodes compiled to native kernels, and the others with the reason they were not.
  virtual std::vector<std::string> compiled_nodes() const = 0;
  virtual const std::vector<std::pair<std::string, std::string>>& not_lowered() const = 0;
  virtual const ExecutableRunStats& last_run_stats() const = 0;
  // Whether Run records per-node kernel times in last_run_stats().timings.
  virtual void set_collect_timing(bool on) = 0;
  virtual VariableStore& variables() = 0;
  virtual const ExecutableBufferStats& buffer_stats() const = 0;
  // The member nodes of each cluster of native kernels, in execution order (empty without
  // CompileOptions::cluster_kernels).
  virtual std::vector<std::vector<std::string>> clusters() const { return {}; }
};

// Compiles `graph` for `spec`. Errors: unknown feed/fetch/target names (NotFound), a feed whose
// dtype or shape contradicts the graph (InvalidArgument naming the feed), invalid graphs (as
// ValidateGraph), and internal compiler failures (Internal naming the pass).
absl::StatusOr<std::unique_ptr<Executable>> Compile(
    const GraphDef& graph, const CompileSpec& spec, const CompileOptions& options = {},
    const OpRegistry& registry = *OpRegistry::Global());

}  // namespace rill::compiler

#endif  // RILL_COMPILER_COMPILE_H_
