// The in-memory Graph: node and edge bookkeeping, name lookup and collections.
#include "graph/graph.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/status_macros.h"

namespace rill {
namespace {

// Removes the first occurrence of `value` from `v`, keeping the order of the rest.
template <typename T>
bool EraseFirst(std::vector<T>& v, const T& value) {
  auto it = std::find(v.begin(), v.end(), value);
  if (it == v.end()) return false;
  v.erase(it);
  return true;
}

const std::vector<Node*>& EmptyNodeList() {
  static const auto* empty = new std::vector<Node*>();
  return *empty;
}

}  // namespace

void Node::SetAttr(const std::string& name, AttrValue value) {
  (*def_.mutable_attr())[name] = std::move(value);
}

bool Node::RemoveAttr(const std::string& name) { return def_.mutable_attr()->erase(name) > 0; }

void Node::set_device(absl::string_view device) { def_.set_device(std::string(device)); }

std::string Node::DataInputName(int i) const {
  RILL_DCHECK(i >= 0 && i < num_data_inputs(), "DataInputName: no such input");
  const Edge* e = data_in_[i];
  return TensorId{e->src->name(), e->src_output}.ToString();
}

Graph::Graph() = default;
Graph::~Graph() = default;

absl::StatusOr<Node*> Graph::AddNode(NodeDef def) {
  RETURN_IF_ERROR(ValidateNodeName(def.name()));
  if (def.input_size() > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("node '", def.name(),
                     "': Graph::AddNode takes a NodeDef without inputs; add edges instead"));
  }
  if (by_name_.contains(def.name())) {
    return absl::InvalidArgumentError(absl::StrCat("duplicate node name '", def.name(), "'"));
  }
  const int id = static_cast<int>(nodes_.size());
  nodes_.push_back(std::unique_ptr<Node>(new Node(id, std::move(def))));
  Node* node = nodes_.back().get();
  by_name_.emplace(node->name(), node);
  ++num_nodes_;
  return node;
}

absl::Status Graph::RenameNode(Node* node, absl::string_view new_name) {
  RETURN_IF_ERROR(CheckOwned(node, "renamed"));
  RETURN_IF_ERROR(ValidateNodeName(new_name));
  if (node->name() == new_name) return absl::OkStatus();
  if (by_name_.contains(new_name)) {
    return absl::InvalidArgumentError(absl::StrCat("duplicate node name '", new_name, "'"));
  }
  by_name_.erase(node->name());
  node->def_.set_name(std::string(new_name));
  by_name_.emplace(node->name(), node);
  return absl::OkStatus();
}

absl::Status Graph::CheckOwned(const Node* node, absl::string_view role) const {
  if (node == nullptr || this->node(node->id()) != node) {
    return absl::InvalidArgumentError(absl::StrCat(role, " node is not part of this graph"));
  }
  return absl::OkStatus();
}

const Edge* Graph::NewEdge(Node* src, int src_output, Node* dst, int dst_input) {
  auto edge = std::make_unique<Edge>(Edge{src, src_output, dst, dst_input});
  const Edge* e = edge.get();
  edges_.emplace(e, std::move(edge));
  src->out_.push_back(e);
  return e;
}

void Graph::RemoveEdge(const Edge* edge) {
  RILL_CHECK(EraseFirst(edge->src->out_, edge), "edge missing from its source's out list");
  edges_.erase(edge);
}

absl::StatusOr<const Edge*> Graph::AddDataInput(Node* dst, Node* src, int src_output) {
  RETURN_IF_ERROR(CheckOwned(dst, "destination"));
  RETURN_IF_ERROR(CheckOwned(src, "source"));
  if (src_output < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "node '", dst->name(), "': input from '", src->name(), "' has negative port ", src_output));
  }
  const Edge* e = NewEdge(src, src_output, dst, dst->num_data_inputs());
  dst->data_in_.push_back(e);
  return e;
}

absl::StatusOr<const Edge*> Graph::AddControlInput(Node* dst, Node* src) {
  RETURN_IF_ERROR(CheckOwned(dst, "destination"));
  RETURN_IF_ERROR(CheckOwned(src, "source"));
  for (const Edge* e : dst->control_in_) {
    if (e->src == src) return e;
  }
  const Edge* e = NewEdge(src, kControlSlot, dst, kControlSlot);
  dst->control_in_.push_back(e);
  return e;
}

absl::Status Graph::ReplaceDataInput(Node* dst, int index, Node* src, int src_output) {
  RETURN_IF_ERROR(CheckOwned(dst, "destination"));
  RETURN_IF_ERROR(CheckOwned(src, "source"));
  if (index < 0 || index >= dst->num_data_inputs()) {
    return absl::InvalidArgumentError(absl::StrCat("node '", dst->name(), "' has no data input ",
                                                   index, " (it has ", dst->num_data_inputs(),
                                                   ")"));
  }
  if (src_output < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "node '", dst->name(), "': input from '", src->name(), "' has negative port ", src_output));
  }
  RemoveEdge(dst->data_in_[index]);
  dst->data_in_[index] = NewEdge(src, src_output, dst, index);
  return absl::OkStatus();
}

absl::StatusOr<int> Graph::ReplaceAllUsesWith(Node* from, int from_port, Node* to, int to_port) {
  RETURN_IF_ERROR(CheckOwned(from, "replaced"));
  RETURN_IF_ERROR(CheckOwned(to, "replacement"));
  std::vector<const Edge*> uses;
  for (const Edge* e : from->out_) {
    if (!e->IsControl() && e->src_output == from_port) uses.push_back(e);
  }
  for (const Edge* e : uses) RETURN_IF_ERROR(ReplaceDataInput(e->dst, e->dst_input, to, to_port));
  return static_cast<int>(uses.size());
}

bool Graph::RemoveControlInput(Node* dst, Node* src) {
  for (const Edge* e : dst->control_in_) {
    if (e->src != src) continue;
    EraseFirst(dst->control_in_, e);
    RemoveEdge(e);
    return true;
  }
  return false;
}

absl::Status Graph::RemoveNode(Node* node) { return RemoveNodes({node}); }

absl::Status Graph::RemoveNodes(absl::Span<Node* const> nodes) {
  std::vector<bool> doomed(nodes_.size(), false);
  for (Node* n : nodes) {
    RETURN_IF_ERROR(CheckOwned(n, "removed"));
    if (doomed[n->id()]) {
      return absl::InvalidArgumentError(
          absl::StrCat("node '", n->name(), "' is listed twice for removal"));
    }
    doomed[n->id()] = true;
  }
  // A surviving node must not lose a data input: that would leave a hole in its input list.
  for (Node* n : nodes) {
    for (const Edge* e : n->out_) {
      if (!e->IsControl() && !doomed[e->dst->id()]) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot remove node '", n->name(), "': it feeds data input ", e->dst_input, " of '",
            e->dst->name(), "', which stays; rewire or remove that node first"));
      }
    }
  }
  // Collect the dying edges and the survivors whose edge lists mention them, then filter those
  // lists once each (linear even for huge fan-outs).
  absl::flat_hash_set<const Edge*> dead_edges;
  std::vector<Node*> touched;
  std::vector<bool> is_touched(nodes_.size(), false);
  auto note = [&](const Edge* e, Node* other) {
    dead_edges.insert(e);
    if (doomed[other->id()] || is_touched[other->id()]) return;
    is_touched[other->id()] = true;
    touched.push_back(other);
  };
  for (Node* n : nodes) {
    for (const Edge* e : n->data_in_) note(e, e->src);
    for (const Edge* e : n->control_in_) note(e, e->src);
    for (const Edge* e : n->out_) note(e, e->dst);
  }
  auto alive = [&](const Edge* e) { return !dead_edges.contains(e); };
  for (Node* n : touched) {
    std::erase_if(n->out_, [&](const Edge* e) { return !alive(e); });
    std::erase_if(n->control_in_, [&](const Edge* e) { return !alive(e); });
  }
  for (const Edge* e : dead_edges) edges_.erase(e);
  for (Node* n : nodes) {
    if (n->collection_count_ > 0) {
      for (auto& [key, list] : collections_) std::erase(list, n);
    }
    by_name_.erase(n->name());
    --num_nodes_;
    nodes_[n->id()].reset();
  }
  return absl::OkStatus();
}

Node* Graph::FindNode(absl::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

absl::StatusOr<Node*> Graph::GetNode(absl::string_view name) const {
  Node* n = FindNode(name);
  if (n == nullptr) return absl::NotFoundError(absl::StrCat("no node named '", name, "'"));
  return n;
}

Node* Graph::node(int id) const {
  if (id < 0 || id >= node_id_bound()) return nullptr;
  return nodes_[id].get();
}

std::vector<Node*> Graph::nodes() const {
  std::vector<Node*> out;
  out.reserve(num_nodes_);
  for (const auto& n : nodes_) {
    if (n != nullptr) out.push_back(n.get());
  }
  return out;
}

void Graph::AddToCollection(absl::string_view key, Node* node) {
  auto it = collections_.find(key);
  if (it == collections_.end())
    it = collections_.emplace(std::string(key), std::vector<Node*>()).first;
  std::vector<Node*>& list = it->second;
  if (std::find(list.begin(), list.end(), node) != list.end()) return;
  list.push_back(node);
  ++node->collection_count_;
}

const std::vector<Node*>& Graph::GetCollection(absl::string_view key) const {
  auto it = collections_.find(key);
  return it == collections_.end() ? EmptyNodeList() : it->second;
}

std::vector<std::string> Graph::CollectionKeys() const {
  std::vector<std::string> keys;
  for (const auto& [key, list] : collections_) {
    if (!list.empty()) keys.push_back(key);
  }
  return keys;
}

void Graph::ClearCollection(absl::string_view key) {
  auto it = collections_.find(key);
  if (it == collections_.end()) return;
  for (Node* n : it->second) --n->collection_count_;
  collections_.erase(it);
}

}  // namespace rill
