// FormClusters: static "needed" set and variable-writer ancestry, then one walk over the schedule.
#include "compiler/cluster_plan.h"

#include <algorithm>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/node_signature.h"
#include "graph/tensor_id.h"
#include "graph/types.h"

namespace rill::compiler {
namespace {

using Bits = std::vector<uint64_t>;

void SetBit(Bits* bits, int i) { (*bits)[i / 64] |= uint64_t{1} << (i % 64); }
void OrInto(Bits* into, const Bits& from) {
  for (size_t w = 0; w < into->size(); ++w) (*into)[w] |= from[w];
}

}  // namespace

absl::StatusOr<std::vector<Cluster>> FormClusters(absl::Span<Node* const> schedule,
                                                  const absl::flat_hash_set<std::string>& native,
                                                  const absl::flat_hash_set<std::string>& in_place,
                                                  const absl::flat_hash_set<std::string>& views,
                                                  const std::vector<std::string>& fetches,
                                                  const std::vector<std::string>& targets,
                                                  const std::vector<std::string>& feeds,
                                                  const OpRegistry& registry) {
  absl::flat_hash_set<std::string> fed, fetched;
  for (const std::string& f : feeds) {
    ASSIGN_OR_RETURN(TensorId id, ParseTensorName(f));
    fed.insert(id.ToString());
  }
  for (const std::string& f : fetches) {
    ASSIGN_OR_RETURN(TensorId id, ParseTensorName(f));
    fetched.insert(id.ToString());
  }
  const int n = static_cast<int>(schedule.size());
  absl::flat_hash_map<const Node*, int> position;
  std::vector<NodeSignature> sigs(n);
  for (int i = 0; i < n; ++i) {
    position[schedule[i]] = i;
    ASSIGN_OR_RETURN(sigs[i], ResolveNodeSignature(*schedule[i], registry));
  }
  auto is_fed = [&](const Node* node, int port) {
    return !fed.empty() && fed.contains(TensorId{node->name(), port}.ToString());
  };

  // What a run needs, as the executor decides it: back from fetches and targets, cut at feeds.
  std::vector<bool> needed(n, false);
  std::vector<int> stack;
  auto visit = [&](const Node* node) {
    auto at = position.find(node);
    if (at != position.end() && !needed[at->second]) {
      needed[at->second] = true;
      stack.push_back(at->second);
    }
  };
  for (const std::string& f : fetched) {
    ASSIGN_OR_RETURN(TensorId id, ParseTensorName(f));
    if (fed.contains(f)) continue;
    for (Node* node : schedule) {
      if (node->name() == id.node) visit(node);
    }
  }
  for (Node* node : schedule) {
    for (const std::string& t : targets) {
      if (node->name() == t) visit(node);
    }
  }
  while (!stack.empty()) {
    const Node* node = schedule[stack.back()];
    stack.pop_back();
    for (const Edge* e : node->data_inputs()) {
      if (!is_fed(e->src, e->src_output)) visit(e->src);
    }
    for (const Edge* e : node->control_inputs()) visit(e->src);
  }

  // Variable writers each node is ordered after, over the edges the executor merges writes on.
  std::vector<bool> writer(n, false);
  int writers = 0;
  std::vector<int> writer_index(n, -1);
  for (int i = 0; i < n; ++i) {
    for (DataType t : sigs[i].inputs.dtypes) writer[i] = writer[i] || IsRefType(t);
    if (writer[i]) writer_index[i] = writers++;
  }
  const size_t words = static_cast<size_t>(writers + 63) / 64;
  std::vector<Bits> after(n, Bits(words, 0));
  for (int i = 0; i < n; ++i) {
    auto add = [&](const Node* src) {
      auto at = position.find(src);
      if (at == position.end()) return;
      OrInto(&after[i], after[at->second]);
      if (writer[at->second]) SetBit(&after[i], writer_index[at->second]);
    };
    for (const Edge* e : schedule[i]->data_inputs()) {
      auto at = position.find(e->src);
      if (at != position.end() && needed[at->second]) add(e->src);
    }
    for (const Edge* e : schedule[i]->control_inputs()) add(e->src);
  }

  // Whether input `e` of a member carries a variable reference (a ref output of its source).
  auto ref_edge = [&](const Edge* e) {
    auto at = position.find(e->src);
    if (at == position.end()) return false;
    const std::vector<DataType>& outs = sigs[at->second].outputs.dtypes;
    return e->src_output >= 0 && e->src_output < static_cast<int>(outs.size()) &&
           IsRefType(outs[e->src_output]);
  };
  std::vector<bool> in_place_ok(n, false);
  for (int i = 0; i < n; ++i) {
    in_place_ok[i] = writer[i] && in_place.contains(schedule[i]->name());
  }
  auto member_ok = [&](int i) {
    const Node* node = schedule[i];
    if (!needed[i]) return false;
    if (writer[i] && !in_place_ok[i]) return false;
    if (!writer[i] && !native.contains(node->name()) && !views.contains(node->name())) {
      return false;
    }
    // Only an in-place writer has reference outputs (forwarding its reference inputs).
    for (DataType t : sigs[i].outputs.dtypes) {
      if (IsRefType(t) && !writer[i]) return false;
    }
    for (int port = 0; port < static_cast<int>(sigs[i].outputs.dtypes.size()); ++port) {
      if (is_fed(node, port)) return false;
    }
    return true;
  };

  std::vector<Cluster> clusters;
  Bits cluster_writers(words, 0);  // writers among the current cluster's members
  Cluster current;
  int first = -1;  // schedule position of the current cluster's first member
  absl::flat_hash_set<const Node*> in_current;
  std::vector<Node*> pending;  // hoistable nodes after the last member so far
  auto close = [&] {
    if (!current.members.empty()) clusters.push_back(std::move(current));
    current = Cluster();
    in_current.clear();
    pending.clear();
    first = -1;
    std::fill(cluster_writers.begin(), cluster_writers.end(), 0);
  };
  // Whether node i may join the current cluster: ordered after the same writers outside it as
  // the first member, no reference taken from a member (a member's reference output is read
  // outside only), and a member's reference output read by no member.
  auto joins = [&](int i) {
    if (first < 0) return true;
    for (size_t w = 0; w < words; ++w) {
      if ((after[i][w] & ~cluster_writers[w]) != after[first][w]) return false;
    }
    for (const Edge* e : schedule[i]->data_inputs()) {
      if (in_current.contains(e->src) && ref_edge(e)) return false;
    }
    return true;
  };
  for (int i = 0; i < n; ++i) {
    Node* node = schedule[i];
    if (member_ok(i)) {
      if (!joins(i)) close();
      if (first < 0) first = i;
      current.hoisted.insert(current.hoisted.end(), pending.begin(), pending.end());
      pending.clear();
      current.members.push_back(node);
      in_current.insert(node);
      if (writer[i]) SetBit(&cluster_writers, writer_index[i]);
      continue;
    }
    bool hoistable = first >= 0 && !writer[i];
    for (const Edge* e : node->data_inputs()) hoistable = hoistable && !in_current.contains(e->src);
    for (const Edge* e : node->control_inputs()) {
      hoistable = hoistable && !in_current.contains(e->src);
    }
    if (hoistable) {
      pending.push_back(node);
    } else {
      close();
    }
  }
  close();

  for (Cluster& c : clusters) {
    absl::flat_hash_set<const Node*> members(c.members.begin(), c.members.end());
    for (int k = 0; k < static_cast<int>(c.members.size()); ++k) {
      const Node* m = c.members[k];
      for (int i = 0; i < m->num_data_inputs(); ++i) {
        if (!members.contains(m->data_inputs()[i]->src)) c.inputs.emplace_back(k, i);
      }
      const int outputs = static_cast<int>(sigs[position[m]].outputs.dtypes.size());
      for (int port = 0; port < outputs; ++port) {
        // A reference output is not a value: the executor forwards it itself.
        if (IsRefType(sigs[position[m]].outputs.dtypes[port])) continue;
        bool leaves = fetched.contains(TensorId{m->name(), port}.ToString());
        for (const Edge* e : m->out_edges()) {
          leaves = leaves ||
                   (!e->IsControl() && e->src_output == port && !members.contains(e->dst));
        }
        if (leaves) c.outputs.emplace_back(k, port);
      }
    }
  }
  return clusters;
}

std::string ClustersToText(const std::vector<Cluster>& clusters) {
  std::string text;
  for (size_t i = 0; i < clusters.size(); ++i) {
    const Cluster& c = clusters[i];
    absl::StrAppend(&text, "cluster ", i, ": ", c.members.size(), " members, ", c.inputs.size(),
                    " inputs, ", c.outputs.size(), " outputs, ", c.hoisted.size(),
                    " hoisted\n");
    for (const Node* m : c.members) absl::StrAppend(&text, "  ", m->name(), " (", m->op(), ")\n");
    for (const Node* h : c.hoisted) {
      absl::StrAppend(&text, "  hoisted ", h->name(), " (", h->op(), ")\n");
    }
  }
  return text;
}

}  // namespace rill::compiler
