// Node groups (Interpreter::SetNodeGroups): spans of the schedule that run as one call (the
// compiler's clusters of native kernels), with the variable semantics of running them node by node.
#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/interpreter/interpreter.h"
#include "compiler/interpreter/interpreter_step.h"
#include "graph/types.h"
#include "ops/kernel_context.h"

namespace rill {

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

}  // namespace rill
