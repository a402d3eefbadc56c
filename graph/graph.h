// The mutable in-memory Graph: nodes (a NodeDef without inputs), data and control edges, named
// collections, versions and the function library. Pure structure: it knows nothing about ops.
#ifndef RILL_GRAPH_GRAPH_H_
#define RILL_GRAPH_GRAPH_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "graph/function.pb.h"
#include "graph/node_def.pb.h"
#include "graph/tensor_id.h"
#include "graph/versions.pb.h"

namespace rill {

class Node;

// Node attributes, as stored in NodeDef.
using AttrMap = google::protobuf::Map<std::string, AttrValue>;

// One edge. Data edges connect output `src_output` of `src` to input `dst_input` of `dst`;
// control edges have both ports equal to kControlSlot. Edges are immutable once made.
struct Edge {
  Node* src = nullptr;
  int src_output = 0;
  Node* dst = nullptr;
  int dst_input = 0;

  bool IsControl() const { return dst_input == kControlSlot; }
};

// A node: name, op, device and attrs (kept in a NodeDef whose `input` list stays empty; the edges
// are the truth about inputs), plus its edges. Owned by its Graph.
class Node {
 public:
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Dense id, unique within the graph and never reused: the insertion order.
  int id() const { return id_; }
  const std::string& name() const { return def_.name(); }
  const std::string& op() const { return def_.op(); }
  const std::string& device() const { return def_.device(); }
  // The node's NodeDef without inputs.
  const NodeDef& def() const { return def_; }
  const AttrMap& attrs() const { return def_.attr(); }
  // Sets (or replaces) attr `name`.
  void SetAttr(const std::string& name, AttrValue value);
  // Removes attr `name`; false if it was absent.
  bool RemoveAttr(const std::string& name);
  void set_device(absl::string_view device);

  // Data inputs, in port order: data_inputs()[i]->dst_input == i.
  const std::vector<const Edge*>& data_inputs() const { return data_in_; }
  int num_data_inputs() const { return static_cast<int>(data_in_.size()); }
  // Control inputs, in insertion order (no duplicates).
  const std::vector<const Edge*>& control_inputs() const { return control_in_; }
  // All edges leaving this node (data and control), in insertion order.
  const std::vector<const Edge*>& out_edges() const { return out_; }

  // The canonical "node:port" spelling of data input i (0 <= i < num_data_inputs()), as
  // GraphDef writes it.
  std::string DataInputName(int i) const;

 private:
  friend class Graph;
  Node(int id, NodeDef def) : id_(id), def_(std::move(def)) {}

  int id_;
  NodeDef def_;
  std::vector<const Edge*> data_in_;
  std::vector<const Edge*> control_in_;
  std::vector<const Edge*> out_;
  int collection_count_ = 0;  // how many collection entries hold this node
};

// Collection keys used across rill (TensorFlow's GraphKeys).
namespace collection_keys {
inline constexpr char kVariables[] = "variables";
inline constexpr char kTrainableVariables[] = "trainable_variables";
inline constexpr char kSummaries[] = "summaries";
inline constexpr char kUpdateOps[] = "update_ops";
inline constexpr char kLosses[] = "losses";
}  // namespace collection_keys

// A dataflow graph. Node names are unique and valid TensorFlow node names. Cycles can be built (a
// GraphDef may contain one); ValidateGraph and TopologicalOrder report them.
class Graph {
 public:
  Graph();
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Adds a node from `def` (name, op, device, attrs). `def.input` must be empty: inputs are added
  // with AddDataInput/AddControlInput. InvalidArgument for an empty, malformed or duplicate name.
  absl::StatusOr<Node*> AddNode(NodeDef def);
  // Appends a data input to `dst`: output `src_output` of `src`. Both must be in this graph.
  absl::StatusOr<const Edge*> AddDataInput(Node* dst, Node* src, int src_output);
  // Adds a control input src -> dst; returns the existing edge if there is one already.
  absl::StatusOr<const Edge*> AddControlInput(Node* dst, Node* src);
  // Rewires data input `index` of `dst` to output `src_output` of `src`.
  absl::Status ReplaceDataInput(Node* dst, int index, Node* src, int src_output);
  // Points every data input that reads output `from_port` of `from` at output `to_port` of `to`
  // instead (control edges are untouched). Returns how many inputs moved.
  absl::StatusOr<int> ReplaceAllUsesWith(Node* from, int from_port, Node* to, int to_port);
  // Removes the control edge src -> dst; false if there was none.
  bool RemoveControlInput(Node* dst, Node* src);
  // Removes `node`, every edge touching it and its collection entries; the pointer dies.
  // FailedPrecondition if another node still takes a data input from it (rewire that first).
  absl::Status RemoveNode(Node* node);
  // Removes a set of nodes at once (linear time); data edges may only run inside the set or
  // into it. Duplicates in `nodes` are not allowed.
  absl::Status RemoveNodes(absl::Span<Node* const> nodes);

  // Gives `node` a new name (InvalidArgument if malformed or taken). Edges are by pointer, so
  // nothing else changes; a GraphDef written afterwards spells inputs with the new name.
  absl::Status RenameNode(Node* node, absl::string_view new_name);

  // The node called `name`, or null.
  Node* FindNode(absl::string_view name) const;
  // The node called `name`, or NotFound.
  absl::StatusOr<Node*> GetNode(absl::string_view name) const;
  // The node with this id, or null (removed, or out of range).
  Node* node(int id) const;
  // One past the largest node id ever used; ids of live nodes are below it.
  int node_id_bound() const { return static_cast<int>(nodes_.size()); }
  int num_nodes() const { return num_nodes_; }
  int num_edges() const { return static_cast<int>(edges_.size()); }
  // Live nodes in insertion (id) order.
  std::vector<Node*> nodes() const;

  // GraphDef's `versions` (producer 0 when a GraphDef had none) and function `library`.
  const VersionDef& versions() const { return versions_; }
  VersionDef* mutable_versions() { return &versions_; }
  const FunctionDefLibrary& library() const { return library_; }
  FunctionDefLibrary* mutable_library() { return &library_; }

  // Named collections (string key -> node list, insertion order, no duplicates), like
  // TensorFlow's graph collections. Removing a node removes it from every collection.
  void AddToCollection(absl::string_view key, Node* node);
  // The nodes in collection `key`; empty if there is no such collection.
  const std::vector<Node*>& GetCollection(absl::string_view key) const;
  // Keys of all non-empty collections, sorted.
  std::vector<std::string> CollectionKeys() const;
  void ClearCollection(absl::string_view key);

 private:
  const Edge* NewEdge(Node* src, int src_output, Node* dst, int dst_input);
  void RemoveEdge(const Edge* edge);
  absl::Status CheckOwned(const Node* node, absl::string_view role) const;

  std::vector<std::unique_ptr<Node>> nodes_;  // by id; null once removed
  absl::flat_hash_map<std::string, Node*> by_name_;
  absl::flat_hash_map<const Edge*, std::unique_ptr<Edge>> edges_;
  int num_nodes_ = 0;
  VersionDef versions_;
  FunctionDefLibrary library_;
  std::map<std::string, std::vector<Node*>, std::less<>> collections_;
};

}  // namespace rill

#endif  // RILL_GRAPH_GRAPH_H_
