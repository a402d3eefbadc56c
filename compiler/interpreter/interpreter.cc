// The reference executor: preparation (validate, expand, infer shapes) and one Run as an
// InterpreterStep (pruning, feeds, kernels in topological order, variable read versions).
#include "compiler/interpreter/interpreter.h"
#include "compiler/interpreter/interpreter_step.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph_convert.h"
#include "graph/graph_validate.h"
#include "graph/topological_order.h"
#include "graph/types.h"
#include "ops/attr_slice.h"
#include "ops/kernel_context.h"

namespace rill {

WriteSet MergeWrites(const WriteSet& a, const WriteSet& b) {
  WriteSet out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      out.emplace_back(a[i].first, std::max(a[i].second, b[j].second));
      ++i;
      ++j;
    }
  }
  return out;
}

void SetWrite(WriteSet* set, Variable* var, int64_t version) {
  auto it = std::lower_bound(set->begin(), set->end(), var,
                             [](const auto& entry, Variable* v) { return entry.first < v; });
  if (it != set->end() && it->first == var) {
    it->second = version;
  } else {
    set->insert(it, {var, version});
  }
}

const int64_t* FindWrite(const WriteSet& set, Variable* var) {
  auto it = std::lower_bound(set.begin(), set.end(), var,
                             [](const auto& entry, Variable* v) { return entry.first < v; });
  return it != set.end() && it->first == var ? &it->second : nullptr;
}

absl::Status InterpreterStep::AddFeed(const Feed& feed) {
  const auto& [name, value] = feed;
  ASSIGN_OR_RETURN(TensorId id, in_.ResolveTensor(name));
  const Node* node = in_.graph_->FindNode(id.node);
  const std::string context = absl::StrCat("feed '", name, "'");
  if (!value.valid()) {
    return absl::InvalidArgumentError(absl::StrCat(context, ": the tensor is empty"));
  }
  const DataType want = in_.signatures_[node->id()].outputs.dtypes[id.index];
  if (IsRefType(want)) {
    return absl::InvalidArgumentError(
        absl::StrCat(context, ": cannot feed a reference (variable) output"));
  }
  if (value.dtype() != want) {
    return absl::InvalidArgumentError(
        absl::StrCat(context, ": dtype ", DataTypeString(value.dtype()), " does not match ",
                     DataTypeString(want), " (", NodeContext(*node), ")"));
  }
  // Placeholders are checked against their declared shape, other outputs against the inferred.
  PartialShape expected = in_.refiner_->outputs(*node)->shapes[id.index];
  if (node->op() == "Placeholder" || node->op() == "PlaceholderWithDefault") {
    ASSIGN_OR_RETURN(
        expected, AttrSlice(node->attrs(), &in_.signatures_[node->id()].op->def).GetShape("shape"));
  }
  if (!expected.IsCompatibleWith(value.shape().AsPartial())) {
    return absl::InvalidArgumentError(absl::StrCat(context, ": shape ", value.shape().DebugString(),
                                                   " does not match ", expected.DebugString(), " (",
                                                   NodeContext(*node), ")"));
  }
  if (!fed_.emplace(id.ToString(), value).second) {
    return absl::InvalidArgumentError(absl::StrCat(context, ": fed twice"));
  }
  return absl::OkStatus();
}

absl::Status InterpreterStep::MarkNeeded(const std::vector<TensorId>& fetches,
                                         const std::vector<Node*>& targets) {
  const Graph& graph = *in_.graph_;
  needed_.assign(graph.node_id_bound(), false);
  std::vector<Node*> stack;
  auto visit = [&](Node* node) {
    if (!needed_[node->id()]) {
      needed_[node->id()] = true;
      stack.push_back(node);
    }
  };
  for (const TensorId& id : fetches) {
    if (!fed_.contains(id.ToString())) visit(graph.FindNode(id.node));
  }
  for (Node* node : targets) visit(node);
  // Iterative backwards walk; a fed tensor cuts the edge above it.
  while (!stack.empty()) {
    Node* node = stack.back();
    stack.pop_back();
    for (const Edge* e : node->data_inputs()) {
      if (!fed_.contains(TensorId{e->src->name(), e->src_output}.ToString())) visit(e->src);
    }
    for (const Edge* e : node->control_inputs()) visit(e->src);
  }
  return absl::OkStatus();
}

void InterpreterStep::ForwardReference(const Node& node, Variable* var) {
  if (release_snapshots_ && !before_step_.contains(var)) {
    pending_release_.emplace_back(in_.last_value_read_[node.id()], var);
  } else if (release_snapshots_) {
    // A later reference to an already snapshotted variable extends its readers.
    for (auto& [last, v] : pending_release_) {
      if (v == var) last = std::max(last, in_.last_value_read_[node.id()]);
    }
  }
  Snapshot(var);
}

void InterpreterStep::Snapshot(Variable* var) {
  if (!before_step_.contains(var)) before_step_.emplace(var, var->value());
}

void InterpreterStep::ReleaseSnapshots(int pos) {
  for (size_t i = 0; i < pending_release_.size();) {
    auto [last, var] = pending_release_[i];
    if (last > pos) {
      ++i;
      continue;
    }
    // No later node reads these values: drop the references (the keys stay, so the variable is
    // not snapshotted again this step).
    before_step_[var] = Tensor();
    if (auto h = history_.find(var); h != history_.end()) h->second.clear();
    released_.insert(var);
    pending_release_[i] = pending_release_.back();
    pending_release_.pop_back();
  }
}

KernelEnv InterpreterStep::Env() const {
  KernelEnv env;
  env.variables = in_.store_;
  env.random.graph_seed = in_.options_.graph_seed;
  env.random.process_seed = in_.process_seed_;
  env.random.step = step_;
  env.limits = in_.options_.limits;
  return env;
}

absl::StatusOr<Tensor> InterpreterStep::ReadVariable(Variable* var, const WriteSet& writes,
                                                     const std::string& reader) const {
  Tensor value;
  if (const int64_t* version = FindWrite(writes, var); version != nullptr) {
    value = history_.at(var).at(*version);
  } else {
    value = before_step_.at(var);
  }
  if (!value.valid()) {
    return absl::FailedPreconditionError(absl::StrCat(
        reader, ": variable '", var->name(), "' is uninitialized (run its initializer first)"));
  }
  return value;
}

absl::Status InterpreterStep::Execute(Node* node, bool release) {
  const NodeSignature& sig = in_.signatures_[node->id()];
  const std::string context = NodeContext(*node);
  // The writes this node is ordered after: the union over everything it waits for.
  WriteSet writes;
  for (const Edge* e : node->data_inputs()) {
    if (needed_[e->src->id()]) writes = MergeWrites(writes, writes_[e->src->id()]);
  }
  for (const Edge* e : node->control_inputs()) writes = MergeWrites(writes, writes_[e->src->id()]);

  std::vector<KernelInput> inputs(node->num_data_inputs());
  std::vector<std::pair<Variable*, int64_t>> ref_versions;
  for (int i = 0; i < node->num_data_inputs(); ++i) {
    const Edge* e = node->data_inputs()[i];
    if (auto fed = fed_.find(TensorId{e->src->name(), e->src_output}.ToString());
        fed != fed_.end()) {
      inputs[i].tensor = fed->second;
      continue;
    }
    const KernelInput& produced = values_[e->src->id()][e->src_output];
    if (IsRefType(sig.inputs.dtypes[i])) {
      if (produced.variable == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat(context, ": input ", i, " must be a variable reference"));
      }
      inputs[i].variable = produced.variable;
      ref_versions.emplace_back(produced.variable, produced.variable->version());
    } else if (produced.variable != nullptr) {
      ASSIGN_OR_RETURN(inputs[i].tensor, ReadVariable(produced.variable, writes, context));
    } else {
      inputs[i].tensor = produced.tensor;
    }
  }

  const KernelEnv env = Env();
  KernelContext c(node->name(), node->op(), AttrSlice(node->attrs(), &sig.op->def),
                  std::move(inputs), sig.outputs.dtypes, env);
  const ReferenceKernelFn* override_kernel = nullptr;
  if (in_.options_.kernel_overrides != nullptr) {
    auto it = in_.options_.kernel_overrides->find(node->name());
    if (it != in_.options_.kernel_overrides->end()) override_kernel = &it->second;
  }
  ++in_.last_stats_.nodes_run;
  const auto start = std::chrono::steady_clock::now();
  if (override_kernel != nullptr) {
    ++in_.last_stats_.overrides_run;
    RETURN_IF_ERROR(c.AddContext((*override_kernel)(c)));
  } else {
    in_.last_stats_.reference_nodes.push_back(node->name());
    RETURN_IF_ERROR(RunReferenceKernel(*sig.op, c));
  }
  if (in_.collect_timing_) {
    in_.last_stats_.timings.push_back(
        {node->name(), override_kernel != nullptr,
         std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              start)
             .count()});
  }

  // Record the writes this node made (a ref input whose version moved).
  for (const auto& [var, before] : ref_versions) {
    if (var->version() != before) {
      if (!released_.contains(var)) history_[var][var->version()] = var->value();
      SetWrite(&writes, var, var->version());
    }
  }
  std::vector<KernelInput> outputs = c.ReleaseOutputs();
  const NodeOutputs& inferred = *in_.refiner_->outputs(*node);
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].variable != nullptr) {
      ForwardReference(*node, outputs[i].variable);
      continue;
    }
    if (!inferred.shapes[i].IsCompatibleWith(outputs[i].tensor.shape().AsPartial())) {
      return absl::InternalError(absl::StrCat(
          context, ": the kernel's output ", i, " has shape ",
          outputs[i].tensor.shape().DebugString(), " but shape inference gave ",
          inferred.shapes[i].DebugString(), " (a bug in the op's kernel or shape function)"));
    }
  }
  values_[node->id()] = std::move(outputs);
  writes_[node->id()] = std::move(writes);
  if (release_snapshots_ && release) ReleaseSnapshots(in_.position_[node->id()]);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> InterpreterStep::Run(const std::vector<Feed>& feeds,
                                                         const std::vector<std::string>& fetches,
                                                         const std::vector<std::string>& targets) {
  if (fetches.empty() && targets.empty()) {
    return absl::InvalidArgumentError("Run needs at least one fetch or target");
  }
  for (const Feed& feed : feeds) RETURN_IF_ERROR(AddFeed(feed));
  std::vector<TensorId> fetch_ids;
  for (const std::string& name : fetches) {
    ASSIGN_OR_RETURN(TensorId id, in_.ResolveTensor(name));
    fetch_ids.push_back(std::move(id));
  }
  std::vector<Node*> target_nodes;
  for (const std::string& name : targets) {
    if (auto it = in_.expansions_.nodes.find(name); it != in_.expansions_.nodes.end()) {
      for (const std::string& rep : it->second) {
        // A replacement may itself have been expanded further: go to its final tensor's node.
        Node* node = in_.graph_->FindNode(ResolveExpandedTensor(in_.expansions_, {rep, 0}).node);
        if (node != nullptr) target_nodes.push_back(node);
      }
      continue;
    }
    Node* node = in_.graph_->FindNode(name);
    if (node == nullptr) {
      return absl::NotFoundError(absl::StrCat("target '", name, "': no such node"));
    }
    target_nodes.push_back(node);
  }
  RETURN_IF_ERROR(MarkNeeded(fetch_ids, target_nodes));
  // A fetched reference output is read after every node: keep all snapshots then.
  for (const TensorId& id : fetch_ids) {
    const Node* node = in_.graph_->FindNode(id.node);
    if (IsRefType(in_.signatures_[node->id()].outputs.dtypes[id.index])) {
      release_snapshots_ = false;
    }
  }

  const int bound = in_.graph_->node_id_bound();
  values_.assign(bound, {});
  writes_.assign(bound, {});
  for (size_t p = 0; p < in_.order_.size();) {
    if (const int g = in_.group_at_.empty() ? -1 : in_.group_at_[p]; g >= 0) {
      const Interpreter::PreparedGroup& group = in_.groups_[g];
      if (GroupRunnable(group)) {
        RETURN_IF_ERROR(ExecuteGroup(group));
        p = group.end;
        continue;
      }
    }
    Node* node = in_.order_[p++];
    if (needed_[node->id()]) RETURN_IF_ERROR(Execute(node));
  }

  std::vector<Tensor> results;
  for (size_t k = 0; k < fetch_ids.size(); ++k) {
    const TensorId& id = fetch_ids[k];
    if (auto fed = fed_.find(id.ToString()); fed != fed_.end()) {
      results.push_back(fed->second);
      continue;
    }
    const Node* node = in_.graph_->FindNode(id.node);
    if (values_[node->id()].size() <= static_cast<size_t>(id.index)) {
      return absl::InternalError(absl::StrCat("fetch '", fetches[k], "': ", NodeContext(*node),
                                              " ran in a node group that does not output it"));
    }
    const KernelInput& value = values_[node->id()][id.index];
    if (value.variable != nullptr) {
      ASSIGN_OR_RETURN(Tensor t, ReadVariable(value.variable, writes_[node->id()],
                                              absl::StrCat("fetch '", fetches[k], "'")));
      results.push_back(std::move(t));
    } else {
      results.push_back(value.tensor);
    }
  }
  return results;
}

Interpreter::Interpreter(std::unique_ptr<Graph> graph, const InterpreterOptions& options,
                         const OpRegistry& registry)
    : graph_(std::move(graph)), options_(options), registry_(registry) {
  if (options_.variables != nullptr) store_ = options_.variables;
  std::random_device rd;
  process_seed_ = (uint64_t{rd()} << 32) ^ rd();
}

Interpreter::~Interpreter() = default;

absl::StatusOr<std::unique_ptr<Interpreter>> Interpreter::Create(const GraphDef& graph,
                                                                 const InterpreterOptions& options,
                                                                 const OpRegistry& registry) {
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> g, GraphFromGraphDef(graph));
  std::unique_ptr<Interpreter> interp(new Interpreter(std::move(g), options, registry));
  RETURN_IF_ERROR(interp->Prepare());
  return interp;
}

absl::StatusOr<std::unique_ptr<Interpreter>> Interpreter::Create(const Graph& graph,
                                                                 const InterpreterOptions& options,
                                                                 const OpRegistry& registry) {
  return Create(GraphToGraphDef(graph), options, registry);
}

absl::Status Interpreter::Prepare() {
  RETURN_IF_ERROR(ValidateGraph(*graph_, registry_));
  RETURN_IF_ERROR(
      ExpandCompositeOps(graph_.get(), &expansions_, ExpandPolicy::kWithoutKernel, registry_)
          .status());
  ASSIGN_OR_RETURN(refiner_, InferShapes(*graph_, registry_));
  ASSIGN_OR_RETURN(order_, TopologicalOrder(*graph_));
  signatures_.assign(graph_->node_id_bound(), {});
  position_.assign(graph_->node_id_bound(), -1);
  for (size_t i = 0; i < order_.size(); ++i) {
    Node* node = order_[i];
    position_[node->id()] = static_cast<int>(i);
    ASSIGN_OR_RETURN(signatures_[node->id()], ResolveNodeSignature(*node, registry_));
  }
  // Last value readers, consumers before producers: a consumer taking the reference as a ref
  // input may forward it through its own reference outputs (Identity, Assign, Apply*), so its
  // readers count too. Conservative: every consumer counts, needed or not.
  last_value_read_.assign(graph_->node_id_bound(), -1);
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    Node* node = *it;
    int last = -1;
    for (const Edge* e : node->out_edges()) {
      if (e->IsControl()) continue;
      if (!IsRefType(signatures_[node->id()].outputs.dtypes[e->src_output])) continue;
      const Node* dst = e->dst;
      if (IsRefType(signatures_[dst->id()].inputs.dtypes[e->dst_input])) {
        last = std::max(last, last_value_read_[dst->id()]);
      } else {
        last = std::max(last, position_[dst->id()]);
      }
    }
    last_value_read_[node->id()] = last;
  }
  return absl::OkStatus();
}

absl::StatusOr<TensorId> Interpreter::ResolveTensor(const std::string& name) const {
  ASSIGN_OR_RETURN(TensorId id, ParseTensorName(name));
  if (id.IsControl()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", name, "' names a control edge, not a tensor"));
  }
  id = ResolveExpandedTensor(expansions_, std::move(id));
  const Node* node = graph_->FindNode(id.node);
  if (node == nullptr) {
    return absl::NotFoundError(absl::StrCat("tensor '", name, "': no node '", id.node, "'"));
  }
  const int outputs = static_cast<int>(signatures_[node->id()].outputs.dtypes.size());
  if (id.index >= outputs) {
    return absl::InvalidArgumentError(
        absl::StrCat("tensor '", name, "': ", NodeContext(*node), " has ", outputs, " outputs"));
  }
  return id;
}

absl::StatusOr<std::vector<Tensor>> Interpreter::Run(const std::vector<Feed>& feeds,
                                                     const std::vector<std::string>& fetches,
                                                     const std::vector<std::string>& targets) {
  return RunAtStep(step_++, feeds, fetches, targets);
}

absl::StatusOr<std::vector<Tensor>> Interpreter::RunAtStep(
    int64_t step, const std::vector<Feed>& feeds, const std::vector<std::string>& fetches,
    const std::vector<std::string>& targets) {
  last_stats_ = {};
  groups_run_ = 0;
  InterpreterStep run(*this, step);
  return run.Run(feeds, fetches, targets);
}

}  // namespace rill
