// The reference executor: preparation (validate, expand, infer shapes) and one Run as an
// InterpreterStep (pruning, feeds, kernels in topological order, variable read versions).
#include "compiler/interpreter/interpreter.h"

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

// Which write of each variable a node's value is ordered after: variable -> version. Kept sorted
// by pointer so merging is linear.
using WriteSet = std::vector<std::pair<Variable*, int64_t>>;

namespace {

// The element-wise maximum of two write sets (the latest ordered write per variable).
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

}  // namespace

// The state of one Run.
class InterpreterStep {
 public:
  InterpreterStep(Interpreter& interp, int64_t step) : in_(interp), step_(step) {}

  absl::StatusOr<std::vector<Tensor>> Run(const std::vector<Feed>& feeds,
                                          const std::vector<std::string>& fetches,
                                          const std::vector<std::string>& targets);

 private:
  absl::Status AddFeed(const Feed& feed);
  absl::Status MarkNeeded(const std::vector<TensorId>& fetches, const std::vector<Node*>& targets);
  // Runs one node; `release` drops the snapshots whose last reader has run (off for a node
  // hoisted ahead of its group, whose position is past members not yet run).
  absl::Status Execute(Node* node, bool release = true);
  // Whether `g` can run as one call this Run (every member needed, no member output fed).
  bool GroupRunnable(const Interpreter::PreparedGroup& g) const;
  absl::Status ExecuteGroup(const Interpreter::PreparedGroup& g);
  // The value of a ref (variable) output as seen by a reader ordered after `writes`.
  absl::StatusOr<Tensor> ReadVariable(Variable* var, const WriteSet& writes,
                                      const std::string& reader) const;
  void Snapshot(Variable* var);
  // Bookkeeping for `node` outputting a reference to `var`: its readers extend the snapshot's
  // life, and the variable is snapshotted if it was not yet.
  void ForwardReference(const Node& node, Variable* var);
  // Runs the members of `g` node by node (its hoisted nodes already ran).
  absl::Status ExecuteSpan(const Interpreter::PreparedGroup& g);
  // Drops the step's snapshots of the variables whose last reader has run (position `pos`).
  void ReleaseSnapshots(int pos);
  // What every kernel of this step sees: the variables, the random key, the allocation caps.
  KernelEnv Env() const;

  Interpreter& in_;
  int64_t step_;
  absl::flat_hash_map<std::string, Tensor> fed_;        // canonical tensor name -> value
  std::vector<bool> needed_;                            // by node id
  std::vector<std::vector<KernelInput>> values_;        // by node id, per output
  std::vector<WriteSet> writes_;                        // by node id: writes it is ordered after
  absl::flat_hash_map<Variable*, Tensor> before_step_;  // pre-Run values
  absl::flat_hash_map<Variable*, absl::flat_hash_map<int64_t, Tensor>> history_;  // per write
  // (position of the last value read, variable) of the snapshotted variables not yet released;
  // releasing is off when a fetch reads a reference output at the end of the Run.
  std::vector<std::pair<int, Variable*>> pending_release_;
  bool release_snapshots_ = true;
  absl::flat_hash_set<Variable*> released_;  // no reader left: later writes keep no history
};

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

bool InterpreterStep::GroupRunnable(const Interpreter::PreparedGroup& g) const {
  for (const Node* m : g.members) {
    if (!needed_[m->id()]) return false;
    if (fed_.empty()) continue;
    const int outputs = static_cast<int>(in_.signatures_[m->id()].outputs.dtypes.size());
    for (int port = 0; port < outputs; ++port) {
      if (fed_.contains(TensorId{m->name(), port}.ToString())) return false;
    }
  }
  for (const Node* h : g.hoisted) {
    if (!needed_[h->id()]) continue;
    for (const Edge* e : h->data_inputs()) {  // a fed input cuts what the check relied on
      if (!fed_.empty() && fed_.contains(TensorId{e->src->name(), e->src_output}.ToString())) {
        return false;
      }
    }
  }
  return true;
}

absl::Status InterpreterStep::ExecuteSpan(const Interpreter::PreparedGroup& g) {
  for (int p = g.begin; p < g.end; ++p) {
    Node* node = in_.order_[p];
    if (!g.hoisted_at[p - g.begin] && needed_[node->id()]) RETURN_IF_ERROR(Execute(node));
  }
  return absl::OkStatus();
}

absl::Status InterpreterStep::ExecuteGroup(const Interpreter::PreparedGroup& g) {
  for (Node* h : g.hoisted) {
    if (needed_[h->id()]) RETURN_IF_ERROR(Execute(h, /*release=*/false));
  }
  // Every member is ordered after the same writes outside the group: those of its sources.
  WriteSet writes;
  for (const Node* src : g.data_sources) {
    if (needed_[src->id()]) writes = MergeWrites(writes, writes_[src->id()]);
  }
  for (const Node* src : g.control_sources) writes = MergeWrites(writes, writes_[src->id()]);
  // Resolve every input; anything that would fail runs the span node by node (the per-node
  // errors, in the per-node order, before any write).
  const size_t num_inputs = g.spec.inputs.size();
  std::vector<Tensor> inputs;
  inputs.reserve(num_inputs);
  std::vector<Variable*> vars(num_inputs, nullptr);  // the variable behind an input, if any
  for (size_t d = 0; d < num_inputs; ++d) {
    const auto& [member, index] = g.spec.inputs[d];
    const Node* node = g.members[member];
    const Edge* e = node->data_inputs()[index];
    if (!fed_.empty()) {
      if (auto fed = fed_.find(TensorId{e->src->name(), e->src_output}.ToString());
          fed != fed_.end()) {
        if (g.ref_input[d]) return ExecuteSpan(g);
        inputs.push_back(fed->second);
        continue;
      }
    }
    const KernelInput& produced = values_[e->src->id()][e->src_output];
    if (g.ref_input[d]) {
      // Uninitialized (an initializing Assign, or an error): node by node.
      if (produced.variable == nullptr || !produced.variable->initialized()) {
        return ExecuteSpan(g);
      }
      vars[d] = produced.variable;
      inputs.push_back(produced.variable->value());
    } else if (produced.variable != nullptr) {
      absl::StatusOr<Tensor> value = ReadVariable(produced.variable, writes, NodeContext(*node));
      if (!value.ok()) return ExecuteSpan(g);
      vars[d] = produced.variable;
      inputs.push_back(*std::move(value));
    } else {
      inputs.push_back(produced.tensor);
    }
  }
  // The writer (member index) of each variable written in the group: one each.
  absl::flat_hash_map<Variable*, int> writer;
  for (size_t d = 0; d < num_inputs; ++d) {
    if (g.ref_input[d] && !writer.emplace(vars[d], g.spec.inputs[d].first).second) {
      return ExecuteSpan(g);
    }
  }
  if (g.spec.accepts && !g.spec.accepts(inputs)) return ExecuteSpan(g);

  // Nothing fails from here on but the run itself. Drop every hold on a written variable's
  // buffer that the run does not need, and the snapshots no node after the group reads (every
  // reader in the group is resolved), so opening for writing copies only when a value must stay.
  std::vector<bool> writable(num_inputs, false);  // passed the variable's opened buffer
  for (size_t d = 0; d < num_inputs; ++d) {
    if (vars[d] == nullptr) continue;
    auto w = writer.find(vars[d]);
    if (w == writer.end()) continue;
    const int member = g.spec.inputs[d].first;
    if (g.ref_input[d] || g.ordered_after[member][w->second] ||
        (member < w->second && inputs[d].SharesBufferWith(vars[d]->value()))) {
      writable[d] = true;
      inputs[d] = Tensor();
    }
  }
  if (release_snapshots_) ReleaseSnapshots(g.end - 1);
  std::vector<std::pair<Variable*, int64_t>> ref_versions;
  for (size_t d = 0; d < num_inputs; ++d) {
    if (!g.ref_input[d]) continue;
    ref_versions.emplace_back(vars[d], vars[d]->version());
    absl::StatusOr<Tensor> opened = vars[d]->MutableValue();
    if (!opened.ok()) {
      return absl::Status(opened.status().code(),
                          absl::StrCat(NodeContext(*g.members[g.spec.inputs[d].first]), ": ",
                                       opened.status().message()));
    }
    inputs[d] = *std::move(opened);
  }
  for (size_t d = 0; d < num_inputs; ++d) {
    if (writable[d] && !g.ref_input[d]) inputs[d] = vars[d]->value();
  }

  const KernelEnv env = Env();
  std::vector<Tensor> outputs;
  in_.last_stats_.nodes_run += static_cast<int64_t>(g.members.size());
  for (size_t k = 0; k < g.members.size(); ++k) {
    if (g.spec.replaced.empty() || g.spec.replaced[k]) {
      ++in_.last_stats_.overrides_run;
    } else {
      in_.last_stats_.reference_nodes.push_back(g.members[k]->name());
    }
  }
  absl::Status status =
      g.spec.run(inputs, env, &outputs, in_.collect_timing_ ? &in_.last_stats_.timings : nullptr);
  inputs.clear();  // no hold on a variable's buffer outlives the run
  RETURN_IF_ERROR(status);
  if (outputs.size() != g.spec.outputs.size()) {
    return absl::InternalError(absl::StrCat("node group starting at ", NodeContext(*g.members[0]),
                                            " returned ", outputs.size(), " outputs, expected ",
                                            g.spec.outputs.size()));
  }
  for (size_t k = 0; k < outputs.size(); ++k) {
    const auto& [member, port] = g.spec.outputs[k];
    std::vector<KernelInput>& values = values_[g.members[member]->id()];
    if (values.empty()) {
      values.resize(in_.signatures_[g.members[member]->id()].outputs.dtypes.size());
    }
    values[port].tensor = std::move(outputs[k]);
  }
  // The writes, as node by node: recorded for later readers, each writer's reference outputs
  // forwarding its reference inputs in order.
  std::vector<std::pair<int, std::pair<Variable*, int64_t>>> group_writes;  // (writer, write)
  std::vector<std::vector<Variable*>> refs(g.members.size());
  for (size_t d = 0, r = 0; d < num_inputs; ++d) {
    if (!g.ref_input[d]) continue;
    Variable* var = vars[d];
    const int member = g.spec.inputs[d].first;
    refs[member].push_back(var);
    if (var->version() != ref_versions[r++].second) {
      if (!released_.contains(var)) history_[var][var->version()] = var->value();
      group_writes.push_back({member, {var, var->version()}});
    }
  }
  for (size_t k = 0; k < g.members.size(); ++k) {
    if (refs[k].empty()) continue;
    const Node* node = g.members[k];
    std::vector<KernelInput>& values = values_[node->id()];
    const size_t num_outputs = in_.signatures_[node->id()].outputs.dtypes.size();
    values.resize(num_outputs);
    for (size_t j = 0; j < num_outputs && j < refs[k].size(); ++j) {
      values[j].variable = refs[k][j];
      ForwardReference(*node, refs[k][j]);
    }
  }
  // The writes each member is ordered after, for what reads them later: nodes outside (through
  // boundary members) and fetches of a writer's reference outputs.
  for (size_t k = 0; k < g.members.size(); ++k) {
    const Node* m = g.members[k];
    if (refs[k].empty() && !g.is_boundary[k]) continue;
    WriteSet member_writes = writes;
    for (const auto& [w, write] : group_writes) {
      if (w == static_cast<int>(k) || g.ordered_after[k][w]) {
        SetWrite(&member_writes, write.first, write.second);
      }
    }
    writes_[m->id()] = std::move(member_writes);
  }
  ++in_.groups_run_;
  if (release_snapshots_) ReleaseSnapshots(g.end - 1);
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

absl::Status Interpreter::SetNodeGroups(std::vector<NodeGroup> groups) {
  std::vector<PreparedGroup> prepared;
  std::vector<int> group_at(order_.size(), -1);
  std::vector<bool> taken(order_.size(), false);
  for (NodeGroup& spec : groups) {
    PreparedGroup g;
    if (spec.members.empty()) return absl::InvalidArgumentError("a node group has no members");
    absl::flat_hash_set<const Node*> members;
    std::vector<int> positions;
    auto find = [&](const std::string& name) -> absl::StatusOr<Node*> {
      Node* node = graph_->FindNode(name);
      if (node == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("node group: no node '", name, "'"));
      }
      positions.push_back(position_[node->id()]);
      return node;
    };
    for (const std::string& name : spec.members) {
      ASSIGN_OR_RETURN(Node * node, find(name));
      g.members.push_back(node);
      members.insert(node);
    }
    // Reference inputs: from outside the group, each among the inputs.
    absl::flat_hash_set<std::pair<int, int>> listed_inputs(spec.inputs.begin(),
                                                           spec.inputs.end());
    for (size_t k = 0; k < g.members.size(); ++k) {
      const Node* node = g.members[k];
      const NodeSignature& sig = signatures_[node->id()];
      for (int i = 0; i < node->num_data_inputs(); ++i) {
        if (!IsRefType(sig.inputs.dtypes[i])) continue;
        if (members.contains(node->data_inputs()[i]->src) ||
            !listed_inputs.contains({static_cast<int>(k), i})) {
          return absl::InvalidArgumentError(
              absl::StrCat("node group: member ", NodeContext(*node),
                           " takes a variable reference that is not among the group's inputs"));
        }
      }
    }
    for (const std::string& name : spec.hoisted) {
      ASSIGN_OR_RETURN(Node * node, find(name));
      g.hoisted.push_back(node);
    }
    std::sort(positions.begin(), positions.end());
    g.begin = positions.front();
    g.end = positions.back() + 1;
    const bool members_ordered = std::is_sorted(
        g.members.begin(), g.members.end(),
        [&](const Node* a, const Node* b) { return position_[a->id()] < position_[b->id()]; });
    if (g.end - g.begin != static_cast<int>(positions.size()) || !members_ordered ||
        position_[g.members[0]->id()] != g.begin) {
      return absl::InvalidArgumentError(absl::StrCat(
          "node group starting at ", NodeContext(*g.members[0]),
          ": its nodes are not a consecutive span of the execution order led by a member"));
    }
    for (int p = g.begin; p < g.end; ++p) {
      if (taken[p]) {
        return absl::InvalidArgumentError(
            absl::StrCat("node groups overlap at ", NodeContext(*order_[p])));
      }
      taken[p] = true;
    }
    absl::flat_hash_set<const Node*> seen_data, seen_control, seen_boundary;
    for (Node* m : g.members) {
      for (const Edge* e : m->data_inputs()) {
        if (!members.contains(e->src) && seen_data.insert(e->src).second) {
          g.data_sources.push_back(e->src);
        }
      }
      for (const Edge* e : m->control_inputs()) {
        if (!members.contains(e->src) && seen_control.insert(e->src).second) {
          g.control_sources.push_back(e->src);
        }
      }
      for (const Edge* e : m->out_edges()) {
        if (!members.contains(e->dst) && seen_boundary.insert(m).second) g.boundary.push_back(m);
      }
    }
    for (const Node* m : g.members) g.is_boundary.push_back(seen_boundary.contains(m));
    if (!spec.replaced.empty() && spec.replaced.size() != spec.members.size()) {
      return absl::InvalidArgumentError("node group: `replaced` does not match the members");
    }
    for (const auto& [member, index] : spec.inputs) {
      if (member < 0 || member >= static_cast<int>(g.members.size()) || index < 0 ||
          index >= g.members[member]->num_data_inputs()) {
        return absl::InvalidArgumentError("node group: an input is out of range");
      }
      g.ref_input.push_back(
          IsRefType(signatures_[g.members[member]->id()].inputs.dtypes[index]));
    }
    g.hoisted_at.assign(g.end - g.begin, false);
    for (const Node* h : g.hoisted) g.hoisted_at[position_[h->id()] - g.begin] = true;
    // Order among members: paths between members stay inside the group (a hoisted node takes
    // nothing from a member, nodes outside the span cannot sit between two members).
    absl::flat_hash_map<const Node*, int> member_index;
    for (size_t k = 0; k < g.members.size(); ++k) member_index[g.members[k]] = k;
    g.ordered_after.assign(g.members.size(), std::vector<bool>(g.members.size(), false));
    for (size_t k = 0; k < g.members.size(); ++k) {
      auto add = [&](const Node* src) {
        auto at = member_index.find(src);
        if (at == member_index.end()) return;
        const int j = at->second;
        g.ordered_after[k][j] = true;
        for (size_t q = 0; q < g.members.size(); ++q) {
          if (g.ordered_after[j][q]) g.ordered_after[k][q] = true;
        }
      };
      for (const Edge* e : g.members[k]->data_inputs()) add(e->src);
      for (const Edge* e : g.members[k]->control_inputs()) add(e->src);
    }
    for (const auto& [member, port] : spec.outputs) {
      if (member < 0 || member >= static_cast<int>(g.members.size()) || port < 0 ||
          port >= static_cast<int>(signatures_[g.members[member]->id()].outputs.dtypes.size())) {
        return absl::InvalidArgumentError("node group: an output is out of range");
      }
    }
    // Every value an outside node reads must leave the group.
    absl::flat_hash_set<std::pair<int, int>> listed(spec.outputs.begin(), spec.outputs.end());
    for (size_t k = 0; k < g.members.size(); ++k) {
      const NodeSignature& sig = signatures_[g.members[k]->id()];
      for (const Edge* e : g.members[k]->out_edges()) {
        if (e->IsControl() || members.contains(e->dst)) continue;
        if (IsRefType(sig.outputs.dtypes[e->src_output])) continue;  // forwarded by the executor
        if (!listed.contains({static_cast<int>(k), e->src_output})) {
          return absl::InvalidArgumentError(absl::StrCat(
              "node group: output ", e->src_output, " of ", NodeContext(*g.members[k]),
              " is read by ", NodeContext(*e->dst), " but is not a group output"));
        }
      }
    }
    group_at[g.begin] = static_cast<int>(prepared.size());
    g.spec = std::move(spec);
    prepared.push_back(std::move(g));
  }
  groups_ = std::move(prepared);
  group_at_ = std::move(group_at);
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
