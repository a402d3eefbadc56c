// Session: plan cache keyed by Run signature, in front of the compiler. Each plan is a
// compiler::Executable specialised to the signature's feed dtypes and shapes (native kernels,
// host ops between them); all plans share the session's variables.
#include "session/session.h"

#include <algorithm>
#include <set>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/status_macros.h"
#include "compiler/compile.h"
#include "compiler/compile_cache.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/tensor_id.h"
#include "session/plan_key.h"

namespace rill {
namespace {

// One executable plan for a fixed Run signature. The executor seam: an implementation may run
// a compiled executable, host ops between clusters, or (today) the reference interpreter.
class Plan {
 public:
  virtual ~Plan() = default;
  // Runs one step with `feeds` (whose names match the plan's signature); appends cluster times.
  virtual absl::StatusOr<std::vector<Tensor>> Run(const std::vector<Feed>& feeds,
                                                  std::vector<ClusterTiming>* timings) = 0;
};

// A plan compiled for one signature (feeds in the signature's order).
class CompiledPlan : public Plan {
 public:
  CompiledPlan(compiler::Executable* executable, const int64_t* step)
      : executable_(executable), step_(step) {}

  absl::StatusOr<std::vector<Tensor>> Run(const std::vector<Feed>& feeds,
                                          std::vector<ClusterTiming>* timings) override {
    std::vector<Tensor> values;
    values.reserve(feeds.size());
    for (const auto& [name, value] : feeds) values.push_back(value);
    executable_->set_collect_timing(timings != nullptr);
    absl::StatusOr<std::vector<Tensor>> out = executable_->Run(values, *step_);
    if (timings != nullptr) {
      // One entry per kernel: "native <node>" for compiled code, "host <node>" for host ops.
      for (const NodeTiming& t : executable_->last_run_stats().timings) {
        timings->push_back({absl::StrCat(t.replaced ? "native " : "host ", t.node),
                            absl::Nanoseconds(t.nanos)});
      }
    }
    return out;
  }

 private:
  compiler::Executable* executable_;  // owned by the session's compile cache
  const int64_t* step_;               // the session's current step (random ops' key)
};

}  // namespace

struct Session::Impl {
  GraphDef graph;
  SessionOptions options;
  std::set<std::string, std::less<>> node_names;
  absl::Mutex mu;
  VariableStore variables;  // shared by every plan
  std::unique_ptr<compiler::CompileCache> cache ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, std::unique_ptr<Plan>> plans ABSL_GUARDED_BY(mu);
  int64_t runs ABSL_GUARDED_BY(mu) = 0;
  int64_t current_step ABSL_GUARDED_BY(mu) = 0;

  // Checks that a feed or fetch names an output of a node of the graph.
  absl::Status CheckTensorName(absl::string_view what, const std::string& name) const {
    absl::StatusOr<TensorId> id = ParseTensorName(name);
    if (!id.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " '", name, "': ", id.status().message()));
    }
    if (id->IsControl()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " '", name, "': a control name cannot be fed or fetched"));
    }
    if (!node_names.contains(id->node)) {
      return absl::NotFoundError(
          absl::StrCat(what, " '", name, "': no node '", id->node, "' in the graph"));
    }
    return absl::OkStatus();
  }

  // Validates a signature and builds its plan.
  absl::StatusOr<std::unique_ptr<Plan>> BuildPlan(const std::vector<Feed>& feeds,
                                                  const std::vector<std::string>& fetches,
                                                  const std::vector<std::string>& targets)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::set<std::string> fed;
    for (const auto& [name, value] : feeds) {
      RETURN_IF_ERROR(CheckTensorName("feed", name));
      if (!value.valid()) {
        return absl::InvalidArgumentError(absl::StrCat("feed '", name, "': empty tensor"));
      }
      // "x" and "x:0" are the same tensor.
      const TensorId id = *ParseTensorName(name);
      if (!fed.insert(id.ToString()).second) {
        return absl::InvalidArgumentError(absl::StrCat("feed '", name, "' is fed twice"));
      }
    }
    for (const std::string& name : fetches) RETURN_IF_ERROR(CheckTensorName("fetch", name));
    for (const std::string& name : targets) {
      if (!node_names.contains(name)) {
        return absl::NotFoundError(
            absl::StrCat("target '", name, "': no node '", name, "' in the graph"));
      }
    }
    if (fetches.empty() && targets.empty()) {
      return absl::InvalidArgumentError("Run needs at least one fetch or target");
    }
    compiler::CompileSpec spec;
    for (const auto& [name, value] : feeds) spec.feeds.push_back({name, value.dtype(), value.shape()});
    spec.fetches = fetches;
    spec.targets = targets;
    ASSIGN_OR_RETURN(compiler::Executable * executable, cache->GetOrCompile(graph, spec));
    return std::make_unique<CompiledPlan>(executable, &current_step);
  }
};

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

absl::StatusOr<std::unique_ptr<Session>> Session::Create(const GraphDef& graph,
                                                         const SessionOptions& options) {
  if (options.num_threads < 0 || options.num_threads > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("SessionOptions.num_threads must be 0..1024, got ", options.num_threads));
  }
  auto impl = std::make_unique<Impl>();
  impl->graph = graph;
  impl->options = options;
  for (const NodeDef& node : graph.node()) impl->node_names.insert(node.name());
  // Validate up front (as the reference executor does: registry, attrs, edges, shapes), so a bad
  // graph fails at Create naming the node rather than at the first Run.
  InterpreterOptions check_options;
  check_options.graph_seed = options.graph_seed;
  RETURN_IF_ERROR(Interpreter::Create(graph, check_options).status());
  compiler::CompileOptions compile;
  compile.opt_level = options.opt_level;
  compile.num_threads = options.num_threads;
  compile.graph_seed = options.graph_seed;
  compile.limits = options.limits;
  compile.variables = &impl->variables;
  {
    absl::MutexLock lock(&impl->mu);
    impl->cache = std::make_unique<compiler::CompileCache>(compile);
  }
  return std::unique_ptr<Session>(new Session(std::move(impl)));
}

absl::Status Session::Run(const std::vector<Feed>& feeds, const std::vector<std::string>& fetches,
                          const std::vector<std::string>& targets, std::vector<Tensor>* outputs) {
  return Run(RunOptions(), feeds, fetches, targets, outputs, nullptr);
}

absl::Status Session::Run(const RunOptions& run_options, const std::vector<Feed>& feeds,
                          const std::vector<std::string>& fetches,
                          const std::vector<std::string>& targets, std::vector<Tensor>* outputs,
                          RunMetadata* metadata) {
  const absl::Time start = absl::Now();
  if (outputs == nullptr) return absl::InvalidArgumentError("Session::Run: outputs is null");
  outputs->clear();
  RunMetadata local;
  RunMetadata& meta = metadata != nullptr ? *metadata : local;
  meta = RunMetadata();

  absl::MutexLock lock(&impl_->mu);
  meta.step = impl_->runs++;
  impl_->current_step = meta.step;
  const std::string key = MakePlanKey(feeds, fetches, targets);
  auto it = impl_->plans.find(key);
  meta.plan_cache_hit = it != impl_->plans.end();
  if (!meta.plan_cache_hit) {
    const absl::Time build_start = absl::Now();
    ASSIGN_OR_RETURN(std::unique_ptr<Plan> plan, impl_->BuildPlan(feeds, fetches, targets));
    it = impl_->plans.emplace(key, std::move(plan)).first;
    meta.plan_build_time = absl::Now() - build_start;
  }
  ASSIGN_OR_RETURN(
      *outputs,
      it->second->Run(feeds, run_options.collect_cluster_timing ? &meta.clusters : nullptr));
  meta.total_time = absl::Now() - start;
  return absl::OkStatus();
}

const GraphDef& Session::graph_def() const { return impl_->graph; }
const SessionOptions& Session::options() const { return impl_->options; }

int Session::num_threads() const {
  if (impl_->options.num_threads > 0) return impl_->options.num_threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

int64_t Session::num_plans_built() const {
  absl::MutexLock lock(&impl_->mu);
  return static_cast<int64_t>(impl_->plans.size());
}

int64_t Session::num_runs() const {
  absl::MutexLock lock(&impl_->mu);
  return impl_->runs;
}

}  // namespace rill
