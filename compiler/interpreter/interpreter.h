// The reference executor: runs a Graph node by node on the ops' reference kernels. It is the
// oracle the compiler is checked against, the -O0 path and the constant folder's engine; it
// favours obvious correctness over speed.
#ifndef RILL_COMPILER_INTERPRETER_INTERPRETER_H_
#define RILL_COMPILER_INTERPRETER_INTERPRETER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/interpreter/expand_composites.h"
#include "graph/graph.h"
#include "graph/graph.pb.h"
#include "graph/node_signature.h"
#include "graph/shape_refiner.h"
#include "graph/tensor.h"
#include "graph/tensor_id.h"
#include "ops/kernel_context.h"
#include "ops/op_registry.h"
#include "ops/variable.h"

namespace rill {

// Kernels that run instead of the reference kernels of some nodes (the compiler's native
// kernels), by node name. Each is called with the same KernelContext a reference kernel gets.
using KernelOverrides = absl::flat_hash_map<std::string, ReferenceKernelFn>;

struct InterpreterOptions {
  // TensorFlow's graph-level seed, passed to random kernels (RandomKey::graph_seed).
  std::optional<int64_t> graph_seed;
  // Caps on kernel allocations.
  TensorLimits limits;
  // Where variables live: a store shared with other executors of the same session (not owned,
  // must outlive the interpreter), or null for the interpreter's own.
  VariableStore* variables = nullptr;
  // Replacement kernels by node name (shared, immutable).
  std::shared_ptr<const KernelOverrides> kernel_overrides;
};

// The wall time of one node's kernel in a Run.
struct NodeTiming {
  std::string node;
  bool replaced = false;  // ran a replacement (native) kernel
  int64_t nanos = 0;
};

// What the last Run executed.
struct InterpreterRunStats {
  int64_t nodes_run = 0;         // all kernels run
  int64_t overrides_run = 0;     // of which replacement kernels
  std::vector<std::string> reference_nodes;  // nodes that ran on their reference kernel
  std::vector<NodeTiming> timings;  // per node, in execution order, when timing is on
};

// A run of nodes that one call executes instead of node by node (the compiler's clusters of
// native kernels). `members` and `hoisted` together are a consecutive span of
// execution_order(). When a Run reaches the span and every member is needed with no member
// output fed, it runs the `hoisted` nodes one by one (they take no value from a member), resolves
// the `inputs` as the members would see them (variable reads included), calls `run` once and
// stores the `outputs`; otherwise the span runs node by node. Members must all be ordered after
// the same variable writes outside the group (the caller checks), so one write set serves them
// all; they count as replacement kernels in the run stats.
// In-place writers: a member may take variable references (from outside the group, each listed
// in `inputs`) and update them in place. Before `run`, the executor resolves every input, lets
// `accepts` check them, drops the snapshots no later node needs, then opens each written
// variable for writing (Variable::MutableValue, as the per-node kernel would) and passes its
// writable buffer as that input. A value read of a variable written in the group is passed as
// the variable's (writable) buffer when the reader is ordered after the writer (it sees the
// write) or runs before the writer and reads the current value (it shares the buffer: no copy);
// otherwise it keeps its own Tensor, so opening copies the variable (copy-on-write) and the
// reader sees the old value. The i-th reference output of a writer forwards its i-th reference
// input. Anything that would fail before a write (an uninitialized or reshaped variable, a
// variable written twice, a refused input) runs the span node by node instead, so errors are
// the per-node ones.
struct NodeGroup {
  std::vector<std::string> members;  // in execution order
  std::vector<std::string> hoisted;  // non-members inside the span, run before the members
  // Per member: whether it counts as a replacement kernel in the run stats (the others are
  // listed as reference nodes, as they would be node by node); empty: every member does.
  std::vector<bool> replaced;
  // Data inputs from outside the group, as (member index, input index), in the order `run` gets
  // them; and the member outputs others may read, as (member index, output port).
  std::vector<std::pair<int, int>> inputs;
  std::vector<std::pair<int, int>> outputs;
  // Computes `outputs` (one Tensor each, in order) from `inputs`. `env` is what a member's
  // KernelContext would get; `timings` is non-null when the Run collects per-node times (append
  // one per member). Errors must already name the failing member.
  std::function<absl::Status(const std::vector<Tensor>& inputs, const KernelEnv& env,
                             std::vector<Tensor>* outputs, std::vector<NodeTiming>* timings)>
      run;
  // Checks `inputs` (as `run` gets them; a reference input as its variable's current value,
  // invalid when uninitialized) before anything is written; false runs the span node by node.
  // Null: every input is accepted.
  std::function<bool(const std::vector<Tensor>& inputs)> accepts;
};

// A named feed: a tensor name ("x", "x:0", "split:1") and its value.
using Feed = std::pair<std::string, Tensor>;

// Runs one graph with variable state kept between Run calls.
//
// Create validates the whole graph against the registry and expands composite ops (ops with an
// expand function and no reference kernel, repeatedly, until none is left); fetches and feeds
// may still name a composite's outputs.
//
// Run(feeds, fetches, targets) prunes to what the fetches and targets need (a fed tensor cuts
// the graph above it), then runs the nodes in a deterministic topological order:
// - feeds: each name must be an output of the graph; a fed Placeholder's dtype and shape attr
//   must match (InvalidArgument "feed 'x': ..."); an unfed Placeholder that is needed is
//   InvalidArgument "node 'x' (Placeholder): ... must be fed".
// - errors name the node: "node 'div' (Div): integer division by zero". A kernel output whose
//   dtype or shape contradicts the graph's inferred ones is Internal (a kernel bug).
// - variables: VariableV2 finds its Variable in variables() (created on first use); the value
//   survives across Run calls. Reading (a ref output consumed as a value, or fetched) an
//   uninitialized variable is FailedPrecondition naming it.
// - read-before-write rule: within one Run, a read of a variable sees the value written by the
//   latest write that is ordered before the read by data or control edges (its ancestors), and
//   otherwise the value from before the Run. Writes themselves (Assign*, Apply*) always update
//   the current value in execution order.
// - each Run increments the step counter handed to random kernels (RandomKey::step).
// Not thread-safe: one Run at a time.
class Interpreter {
 public:
  static absl::StatusOr<std::unique_ptr<Interpreter>> Create(
      const GraphDef& graph, const InterpreterOptions& options = {},
      const OpRegistry& registry = *OpRegistry::Global());
  static absl::StatusOr<std::unique_ptr<Interpreter>> Create(
      const Graph& graph, const InterpreterOptions& options = {},
      const OpRegistry& registry = *OpRegistry::Global());
  ~Interpreter();

  // Runs one step; returns the fetched values in order.
  absl::StatusOr<std::vector<Tensor>> Run(const std::vector<Feed>& feeds,
                                          const std::vector<std::string>& fetches,
                                          const std::vector<std::string>& targets = {});

  // The variables (persist across Run calls): options.variables or the interpreter's own.
  VariableStore& variables() { return *store_; }
  // Counts of the last Run.
  const InterpreterRunStats& last_run_stats() const { return last_stats_; }
  // Whether Runs record per-node kernel times in last_run_stats().timings (off by default).
  void set_collect_timing(bool on) { collect_timing_ = on; }
  // Runs with `step` as the random key's step instead of the interpreter's own counter (for an
  // owner that counts steps across several executors).
  absl::StatusOr<std::vector<Tensor>> RunAtStep(int64_t step, const std::vector<Feed>& feeds,
                                                const std::vector<std::string>& fetches,
                                                const std::vector<std::string>& targets = {});
  // Installs groups of nodes that run as one call (see NodeGroup); replaces earlier ones.
  // InvalidArgument when a group's nodes are unknown, not a consecutive span of
  // execution_order(), overlap another group, or a member takes a variable reference that is
  // not among the group's inputs (from a member, or not listed).
  absl::Status SetNodeGroups(std::vector<NodeGroup> groups);
  // How many groups the last Run executed as one call.
  int64_t groups_run() const { return groups_run_; }
  // How many Run calls have started (the next Run's RandomKey::step).
  int64_t step() const { return step_; }
  // The graph being run, after composite expansion.
  const Graph& graph() const { return *graph_; }
  // The order Run executes nodes in (each Run runs the needed subset in this order), and the
  // graph's inferred shapes.
  const std::vector<Node*>& execution_order() const { return order_; }
  const ShapeRefiner& shapes() const { return *refiner_; }

 private:
  friend class InterpreterStep;
  Interpreter(std::unique_ptr<Graph> graph, const InterpreterOptions& options,
              const OpRegistry& registry);
  // Validates, expands composites, infers shapes and resolves every node's signature.
  absl::Status Prepare();
  // The output a fetch/feed name refers to after expansion; NotFound / InvalidArgument.
  absl::StatusOr<TensorId> ResolveTensor(const std::string& name) const;

  std::unique_ptr<Graph> graph_;
  InterpreterOptions options_;
  const OpRegistry& registry_;
  VariableStore variables_;
  VariableStore* store_ = &variables_;
  InterpreterRunStats last_stats_;
  bool collect_timing_ = false;
  int64_t step_ = 0;
  uint64_t process_seed_ = 0;
  ExpansionMap expansions_;
  std::unique_ptr<ShapeRefiner> refiner_;
  std::vector<Node*> order_;               // topological order of the expanded graph
  std::vector<NodeSignature> signatures_;  // by node id
  std::vector<int> position_;              // by node id: index in order_
  // By node id, for nodes with a reference output: the position of the last node that may read
  // a variable through it as a value (following nodes that forward the reference, e.g. Apply*),
  // or -1. After it, a Run drops its snapshots of the variable, so a later in-place write does
  // not have to copy the variable to keep them intact.
  std::vector<int> last_value_read_;
  // Node groups, and by position in order_ the group whose span starts there (-1 if none).
  struct PreparedGroup {
    NodeGroup spec;
    int begin = 0, end = 0;              // span [begin, end) in order_
    std::vector<Node*> members, hoisted;
    std::vector<Node*> data_sources;     // outside nodes feeding members data, deduplicated
    std::vector<Node*> control_sources;  // outside nodes members wait for
    std::vector<Node*> boundary;         // members with an edge to an outside node
    std::vector<bool> is_boundary;       // per member: in `boundary`
    std::vector<bool> hoisted_at;        // by position - begin: a hoisted node
    std::vector<bool> ref_input;         // per spec input: a variable reference
    // ordered_after[k][j]: member k is ordered after member j (through members' edges).
    std::vector<std::vector<bool>> ordered_after;
  };
  std::vector<PreparedGroup> groups_;
  std::vector<int> group_at_;
  int64_t groups_run_ = 0;
};

}  // namespace rill

#endif  // RILL_COMPILER_INTERPRETER_INTERPRETER_H_
