// Compile(): specialise -> expand composites -> prune -> clean up (constant folding, algebraic
// simplification, CSE, DCE to a fixed point) -> fuse (epilogues, then element-wise chains) ->
// lower -> plan the arena -> form clusters (see compile.h).
#include "compiler/compile.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <thread>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "compiler/buffer_plan.h"
#include "compiler/cluster_kernel.h"
#include "compiler/cluster_plan.h"
#include "compiler/codegen/lower_graph.h"
#include "compiler/fusion_body_kernel.h"
#include "compiler/fusion_op.h"
#include "compiler/interpreter/expand_composites.h"
#include "compiler/interpreter/interpreter.h"
#include "compiler/pass_pipeline.h"
#include "compiler/passes/algebraic_simplification.h"
#include "compiler/passes/common_subexpression_elimination.h"
#include "compiler/passes/constant_folding.h"
#include "compiler/passes/dead_code_elimination.h"
#include "compiler/passes/elementwise_fusion.h"
#include "compiler/passes/epilogue_fusion.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "graph/graph_validate.h"
#include "graph/prune.h"
#include "graph/shape_refiner.h"
#include "graph/tensor_id.h"
#include "graph/types.h"
#include "runtime/thread_pool.h"

namespace rill::compiler {
namespace {

// Fixes each fed Placeholder's shape attr to the feed's concrete shape, after checking dtype and
// shape against the declaration.
absl::Status SpecialiseFeeds(GraphDef* graph, const std::vector<FeedSpec>& feeds) {
  absl::flat_hash_set<std::string> seen;
  for (const FeedSpec& feed : feeds) {
    ASSIGN_OR_RETURN(TensorId id, ParseTensorName(feed.name));
    const std::string context = absl::StrCat("feed '", feed.name, "'");
    if (id.IsControl()) return absl::InvalidArgumentError(absl::StrCat(context, ": not a tensor"));
    if (!seen.insert(id.ToString()).second) {
      return absl::InvalidArgumentError(absl::StrCat(context, ": fed twice"));
    }
    NodeDef* node = nullptr;
    for (NodeDef& n : *graph->mutable_node()) {
      if (n.name() == id.node) node = &n;
    }
    if (node == nullptr) {
      return absl::NotFoundError(absl::StrCat(context, ": no node '", id.node, "'"));
    }
    if (node->op() != "Placeholder" || id.index != 0) continue;  // checked when run
    auto dtype = node->attr().find("dtype");
    if (dtype != node->attr().end() && dtype->second.type() != feed.dtype) {
      return absl::InvalidArgumentError(absl::StrCat(
          context, ": dtype ", DataTypeString(feed.dtype), " does not match the placeholder's ",
          DataTypeString(dtype->second.type())));
    }
    auto shape = node->attr().find("shape");
    if (shape != node->attr().end()) {
      ASSIGN_OR_RETURN(PartialShape declared, PartialShape::FromProto(shape->second.shape()));
      if (!declared.IsCompatibleWith(feed.shape.AsPartial())) {
        return absl::InvalidArgumentError(absl::StrCat(context, ": shape ",
                                                       feed.shape.DebugString(), " does not match ",
                                                       declared.DebugString()));
      }
    }
    feed.shape.AsPartial().ToProto((*node->mutable_attr())["shape"].mutable_shape());
  }
  return absl::OkStatus();
}

// What a per-node native kernel needs from the arena plan, resolved once (not looked up by node
// name at every run): its output slot and the buffers it is the last reader of.
struct NativePlan {
  void* output = nullptr;
  std::vector<PlannedBuffer> dead;
};

// The executable's arena: the buffer plan and the memory it places buffers in (shared with the
// tensors that view it, so a value outliving the executable keeps the memory alive).
struct Arena {
  BufferPlan plan;
  std::shared_ptr<char> memory;
  bool poison = false;
  absl::node_hash_map<std::string, NativePlan> natives;  // by node: stable addresses
  NativeCallCounts counts;
};

// Runs a native kernel, writing output 0 into its arena slot when it has one, and poisons the
// buffers this node was the last reader of (debug mode).
absl::Status RunNative(const codegen::CompiledKernel& kernel, Arena& arena,
                       const NativePlan& plan, KernelContext& c) {
  ++arena.counts.calls;
  absl::Status status = plan.output != nullptr ? kernel.Run(c, plan.output, arena.memory)
                                               : kernel.Run(c);
  if (arena.poison) {
    for (const PlannedBuffer& b : plan.dead) {
      std::memset(arena.memory.get() + b.offset, 0xFF, static_cast<size_t>(b.bytes));
    }
  }
  return status;
}

// Plans the arena over the runner's own schedule (the order it will execute nodes in).
absl::Status PlanArena(const Interpreter& runner, const codegen::LoweredGraph& lowered,
                       const std::vector<std::string>& fetches, const CompileOptions& options,
                       const OpRegistry& registry, Arena* arena, ExecutableBufferStats* stats) {
  const char* env = std::getenv("RILL_POISON_DEAD_BUFFERS");
  arena->poison = options.poison_dead_buffers || (env != nullptr && std::string(env) == "1");
  stats->poisoning = arena->poison;
  if (!options.plan_buffers) return absl::OkStatus();
  absl::flat_hash_set<std::string> native;
  for (const auto& [name, kernel] : lowered.kernels) {
    if (!kernel.in_place()) native.insert(name);
  }
  ASSIGN_OR_RETURN(arena->plan, PlanBuffers(runner.execution_order(), runner.shapes(), native,
                                            fetches, registry));
  const int64_t bytes = std::max<int64_t>(arena->plan.assignment.arena_bytes, 64);
  char* memory = static_cast<char*>(
      ::operator new(static_cast<size_t>(bytes), std::align_val_t(64), std::nothrow));
  if (memory == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat("out of memory allocating the executable's arena of ", bytes, " bytes"));
  }
  std::memset(memory, 0, static_cast<size_t>(bytes));
  arena->memory = std::shared_ptr<char>(
      memory, [](char* p) { ::operator delete(p, std::align_val_t(64)); });
  for (auto& [name, native_plan] : arena->natives) {
    if (auto slot = arena->plan.outputs.find(name); slot != arena->plan.outputs.end()) {
      native_plan.output = memory + slot->second.offset;
    }
    if (auto dead = arena->plan.dead_after.find(name); dead != arena->plan.dead_after.end()) {
      native_plan.dead = dead->second;
    }
  }
  stats->arena_bytes = arena->plan.assignment.arena_bytes;
  stats->unshared_bytes = arena->plan.assignment.unshared_bytes;
  stats->planned_buffers = static_cast<int64_t>(arena->plan.outputs.size());
  return absl::OkStatus();
}

// An executable's clusters and the JIT that holds their functions: one of its own, without the
// IR dumps, so "llvm" dumps (and the goldens on them) keep showing the kernels' module.
struct Clusters {
  std::unique_ptr<jit::Jit> jit;
  std::vector<std::unique_ptr<ClusterKernel>> kernels;
};

// Forms the clusters over the runner's schedule, builds their kernels and installs them in the
// runner as node groups; dumps them as stage "clusters".
absl::StatusOr<Clusters> MakeClusters(
    Interpreter& runner, const codegen::LoweredGraph& lowered,
    const std::vector<std::string>& fetches, const std::vector<std::string>& targets,
    const CompileSpec& spec, const CompileOptions& options, const OpRegistry& registry,
    Arena* arena) {
  absl::flat_hash_set<std::string> native, in_place;
  for (const auto& [name, kernel] : lowered.kernels) {
    (kernel.in_place() ? in_place : native).insert(name);
  }
  // Views: forwarding nodes (Reshape, Identity...) whose bytes pass through unchanged with a
  // static shape join clusters as aliases of their input.
  absl::flat_hash_set<std::string> views;
  for (const Node* node : runner.execution_order()) {
    // A NoOp (control only, e.g. the optimizer's update group) joins as a member that runs
    // nothing, so the writes ordered after it can join the same cluster.
    if (node->op() == "NoOp" && node->num_data_inputs() == 0) {
      views.insert(node->name());
      continue;
    }
    const OpRegistration* op = registry.Find(node->op());
    if (op == nullptr || !op->traits.forwards_input || lowered.kernels.contains(node->name()) ||
        node->num_data_inputs() < 1) {
      continue;
    }
    const Edge* in = node->data_inputs()[0];
    auto src = runner.shapes().output(*in->src, in->src_output);
    auto out = runner.shapes().output(*node, 0);
    const NodeOutputs* outputs = runner.shapes().outputs(*node);
    if (!src.ok() || !out.ok() || outputs == nullptr || outputs->shapes.size() != 1 ||
        src->first != out->first || DataTypeSize(out->first) <= 0 ||
        !src->second.IsFullyDefined() || !out->second.IsFullyDefined()) {
      continue;
    }
    absl::StatusOr<TensorShape> a = TensorShape::FromPartial(src->second);
    absl::StatusOr<TensorShape> b = TensorShape::FromPartial(out->second);
    if (a.ok() && b.ok() && a->num_elements() == b->num_elements()) views.insert(node->name());
  }
  std::vector<std::string> feeds;
  for (const FeedSpec& feed : spec.feeds) feeds.push_back(feed.name);
  ASSIGN_OR_RETURN(std::vector<Cluster> formed,
                   FormClusters(runner.execution_order(), native, in_place, views, fetches,
                                targets, feeds, registry));
  if (options.dump && (absl::c_linear_search(options.dump_after, "all") ||
                       absl::c_linear_search(options.dump_after, "clusters"))) {
    options.dump("clusters", ClustersToText(formed));
  }
  Clusters clusters;
  if (formed.empty()) return clusters;
  jit::JitOptions jit_options;
  jit_options.opt_level = options.opt_level;
  ASSIGN_OR_RETURN(clusters.jit, jit::Jit::Create(jit_options));
  std::vector<NodeGroup> groups;
  for (size_t i = 0; i < formed.size(); ++i) {
    ASSIGN_OR_RETURN(std::unique_ptr<ClusterKernel> kernel,
                     ClusterKernel::Create(formed[i], lowered.kernels, runner.shapes(), arena->plan,
                                           arena->memory, arena->poison, *clusters.jit,
                                           absl::StrCat("rill_cluster_", i), &arena->counts,
                                           registry));
    groups.push_back(kernel->Group());
    clusters.kernels.push_back(std::move(kernel));
  }
  RETURN_IF_ERROR(runner.SetNodeGroups(std::move(groups)));
  return clusters;
}

class CompiledExecutable final : public Executable {
 public:
  CompiledExecutable(CompileSpec spec, std::vector<std::string> fetches,
                     std::vector<std::string> targets, std::unique_ptr<Graph> graph,
                     codegen::LoweredGraph lowered, std::unique_ptr<Interpreter> runner,
                     std::shared_ptr<Arena> arena, ExecutableBufferStats buffer_stats,
                     Clusters clusters)
      : spec_(std::move(spec)),
        fetches_(std::move(fetches)),
        targets_(std::move(targets)),
        graph_(std::move(graph)),
        lowered_(std::move(lowered)),
        runner_(std::move(runner)),
        arena_(std::move(arena)),
        buffer_stats_(buffer_stats),
        clusters_(std::move(clusters)) {
    for (const FeedSpec& feed : spec_.feeds) {
      absl::StatusOr<TensorId> id = ParseTensorName(feed.name);
      feed_used_.push_back(id.ok() && runner_->graph().FindNode(id->node) != nullptr);
    }
  }

  absl::StatusOr<std::vector<Tensor>> Run(const std::vector<Tensor>& feeds,
                                          int64_t step) override {
    if (feeds.size() != spec_.feeds.size()) {
      return absl::InvalidArgumentError(absl::StrCat("expected ", spec_.feeds.size(),
                                                     " feeds, got ", feeds.size()));
    }
    std::vector<Feed> named;
    for (size_t i = 0; i < feeds.size(); ++i) {
      const FeedSpec& want = spec_.feeds[i];
      if (!feeds[i].valid() || feeds[i].dtype() != want.dtype || feeds[i].shape() != want.shape) {
        return absl::InvalidArgumentError(absl::StrCat(
            "feed '", want.name, "': the executable was compiled for ",
            DataTypeString(want.dtype), " ", want.shape.DebugString(), ", got ",
            feeds[i].valid() ? absl::StrCat(DataTypeString(feeds[i].dtype()), " ",
                                            feeds[i].shape().DebugString())
                             : "an empty tensor"));
      }
      // A feed the fetches do not need was pruned away: accepted and ignored, as in TensorFlow.
      if (feed_used_[i]) named.emplace_back(want.name, feeds[i]);
    }
    arena_->counts = {};
    absl::StatusOr<std::vector<Tensor>> out = runner_->RunAtStep(step, named, fetches_, targets_);
    const InterpreterRunStats& s = runner_->last_run_stats();
    stats_ = {s.nodes_run, s.overrides_run, s.reference_nodes, arena_->counts.calls,
              runner_->groups_run(), s.timings};
    return out;
  }

  const Graph& optimized_graph() const override { return *graph_; }
  std::vector<std::string> compiled_nodes() const override {
    std::vector<std::string> names;
    for (const auto& [name, kernel] : lowered_.kernels) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
  }
  const std::vector<std::pair<std::string, std::string>>& not_lowered() const override {
    return lowered_.not_lowered;
  }
  const ExecutableRunStats& last_run_stats() const override { return stats_; }
  void set_collect_timing(bool on) override { runner_->set_collect_timing(on); }
  VariableStore& variables() override { return runner_->variables(); }
  const ExecutableBufferStats& buffer_stats() const override { return buffer_stats_; }
  std::vector<std::vector<std::string>> clusters() const override {
    std::vector<std::vector<std::string>> out;
    for (const auto& c : clusters_.kernels) out.push_back(c->member_names());
    return out;
  }

 private:
  CompileSpec spec_;
  std::vector<std::string> fetches_;
  std::vector<std::string> targets_;
  std::unique_ptr<Graph> graph_;
  codegen::LoweredGraph lowered_;  // owns the JIT code the runner's overrides call
  std::unique_ptr<Interpreter> runner_;
  std::shared_ptr<Arena> arena_;  // read by the runner's native kernels
  ExecutableBufferStats buffer_stats_;
  Clusters clusters_;  // run by the runner's node groups
  std::vector<bool> feed_used_;  // per spec feed: still in the graph after pruning
  ExecutableRunStats stats_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Executable>> Compile(const GraphDef& graph_def,
                                                    const CompileSpec& spec,
                                                    const CompileOptions& options,
                                                    const OpRegistry& registry) {
  if (spec.fetches.empty() && spec.targets.empty()) {
    return absl::InvalidArgumentError("Compile needs at least one fetch or target");
  }
  if (options.opt_level < 0 || options.opt_level > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("CompileOptions.opt_level must be 0..3, got ", options.opt_level));
  }
  if (options.num_threads < 0 || options.num_threads > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("CompileOptions.num_threads must be 0..1024, got ", options.num_threads));
  }
  GraphDef specialised = graph_def;
  RETURN_IF_ERROR(SpecialiseFeeds(&specialised, spec.feeds));
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, GraphFromGraphDef(specialised));
  RETURN_IF_ERROR(ValidateGraph(*graph, registry));

  // Stage 1: composites into primitives; fetch and target names follow their replacements.
  ExpansionMap expansions;
  RETURN_IF_ERROR(
      ExpandCompositeOps(graph.get(), &expansions, ExpandPolicy::kAll, registry).status());
  std::vector<std::string> fetches, targets, keep;
  for (const std::string& name : spec.fetches) {
    ASSIGN_OR_RETURN(TensorId id, ParseTensorName(name));
    id = ResolveExpandedTensor(expansions, std::move(id));
    if (graph->FindNode(id.node) == nullptr) {
      return absl::NotFoundError(absl::StrCat("fetch '", name, "': no node '", id.node, "'"));
    }
    keep.push_back(id.node);
    fetches.push_back(id.ToString());
  }
  for (const std::string& name : spec.targets) {
    if (auto it = expansions.nodes.find(name); it != expansions.nodes.end()) {
      for (const std::string& rep : it->second) {
        const std::string node = ResolveExpandedTensor(expansions, {rep, 0}).node;
        keep.push_back(node);
        targets.push_back(node);
      }
      continue;
    }
    if (graph->FindNode(name) == nullptr) {
      return absl::NotFoundError(absl::StrCat("target '", name, "': no such node"));
    }
    keep.push_back(name);
    targets.push_back(name);
  }
  std::vector<std::string> fed_nodes;
  for (const FeedSpec& feed : spec.feeds) {
    ASSIGN_OR_RETURN(TensorId id, ParseTensorName(feed.name));
    fed_nodes.push_back(ResolveExpandedTensor(expansions, std::move(id)).node);
    keep.push_back(fed_nodes.back());
  }

  // Only what the fetches and targets need (DCE keeps stateful nodes; a plan must not).
  RETURN_IF_ERROR(PruneGraph(graph.get(), fetches, targets));

  // Stages 2-3: clean-up to a fixed point, then fusion.
  PipelineOptions pipeline_options;
  pipeline_options.dump_after.insert(options.dump_after.begin(), options.dump_after.end());
  if (options.dump) {
    pipeline_options.dump = [&](absl::string_view pass, const Graph& g) {
      options.dump(pass, GraphDefToText(GraphToGraphDef(g)));
    };
  }
  PassPipeline pipeline("compile", pipeline_options);
  PassPipeline& cleanup = pipeline.AddFixedPoint("cleanup");
  ConstantFoldingOptions folding;
  folding.feeds = fed_nodes;
  folding.keep = keep;
  cleanup.AddPass<ConstantFolding>(folding, registry);
  cleanup.AddPass<AlgebraicSimplification>(AlgebraicSimplificationOptions{keep}, registry);
  cleanup.AddPass<CommonSubexpressionElimination>(keep, registry);
  cleanup.AddPass<DeadCodeElimination>(keep, registry);
  if (options.opt_level > 0) {
    pipeline.AddPass<EpilogueFusion>(keep, registry);
    pipeline.AddPass<ElementwiseFusion>(keep, registry);
  }
  RETURN_IF_ERROR(pipeline.Run(graph.get()).status());

  // Stage 5: lowering.
  codegen::LoweredGraph lowered;
  if (options.opt_level > 0) {
    ASSIGN_OR_RETURN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(*graph, registry));
    codegen::LoweringOptions lowering;
    lowering.jit.opt_level = options.opt_level;
    const int threads = options.num_threads > 0
                            ? options.num_threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    lowering.thread_pool = runtime::SharedThreadPool(threads);
    if (options.dump) {
      const bool ir = absl::c_linear_search(options.dump_after, "all") ||
                      absl::c_linear_search(options.dump_after, "llvm");
      if (ir) lowering.jit.ir_dump = options.dump;
    }
    ASSIGN_OR_RETURN(lowered, codegen::LowerElementwiseNodes(*graph, *shapes, lowering, registry));
  }

  // The kernels read the arena plan, made below once the runner has fixed its schedule.
  auto arena = std::make_shared<Arena>();
  auto overrides = std::make_shared<KernelOverrides>();
  for (const auto& [name, kernel] : lowered.kernels) {
    const codegen::CompiledKernel* k = &kernel;
    Arena* a = arena.get();
    const NativePlan* plan = &arena->natives[name];
    (*overrides)[name] = [k, a, plan](KernelContext& c) { return RunNative(*k, *a, *plan, c); };
  }
  // Fusion nodes left unlowered run their bodies on the reference kernels.
  for (const Node* node : graph->nodes()) {
    if (node->op() != kFusionOp || overrides->contains(node->name())) continue;
    const std::string& body = node->def().attr().at(kFusionBodyAttr).func().name();
    for (const FunctionDef& f : graph->library().function()) {
      if (f.signature().name() == body) {
        (*overrides)[node->name()] = MakeFusionBodyKernel(f, registry);
      }
    }
  }
  InterpreterOptions run_options;
  run_options.graph_seed = options.graph_seed;
  run_options.limits = options.limits;
  run_options.variables = options.variables;
  run_options.kernel_overrides = std::move(overrides);
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> runner,
                   Interpreter::Create(*graph, run_options, registry));
  // Stage 4: buffer assignment.
  ExecutableBufferStats buffer_stats;
  RETURN_IF_ERROR(
      PlanArena(*runner, lowered, fetches, options, registry, arena.get(), &buffer_stats));
  // Clusters: one native call per run of native kernels.
  Clusters clusters;
  if (options.cluster_kernels && !lowered.kernels.empty()) {
    ASSIGN_OR_RETURN(clusters, MakeClusters(*runner, lowered, fetches, targets, spec, options,
                                            registry, arena.get()));
  }
  return std::make_unique<CompiledExecutable>(
      spec, std::move(fetches), std::move(targets), std::move(graph), std::move(lowered),
      std::move(runner), std::move(arena), buffer_stats, std::move(clusters));
}

}  // namespace rill::compiler
