// Scope: the client graph builder that model code is written against (TensorFlow's C++ Scope):
// hierarchical names, unique names, control-dependency scopes, first-error capture, and shape
// inference as nodes are added (every Output carries its dtype and PartialShape).
//
//   Scope root = Scope::NewRootScope();
//   Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 784}});
//   Output w = ops::Const(root.NewSubScope("dense").WithOpName("w"), weights);  // "dense/w"
//   Output y = ops::Relu(root, ops::MatMul(root, x, w));   // "MatMul", "Relu"
//   absl::StatusOr<GraphDef> g = root.ToGraphDef();        // or the first error, e.g.
//   // "node 'MatMul' (MatMul): inner dims 784 vs 10 (a: [?,784], b: [10,3], ...)"
//
// Builder calls never fail loudly: the first error is stored in the scope (shared by every scope
// derived from the same root) together with the node's name; later builder calls do nothing and
// return invalid Outputs, and status()/ToGraphDef() report the stored error. Not thread-safe.
#ifndef RILL_GRAPH_SCOPE_H_
#define RILL_GRAPH_SCOPE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "graph/graph.h"
#include "graph/graph.pb.h"
#include "graph/shape_refiner.h"
#include "graph/tensor_shape.h"
#include "ops/op_registry.h"

namespace rill {

// One output of a node, with its inferred dtype and shape. Default-constructed (or returned by a
// failed builder call) it is invalid.
class Output {
 public:
  Output() = default;
  Output(Node* node, int index, DataType dtype, PartialShape shape)
      : node_(node), index_(index), dtype_(dtype), shape_(std::move(shape)) {}

  bool valid() const { return node_ != nullptr; }
  Node* node() const { return node_; }
  int index() const { return index_; }
  DataType dtype() const { return dtype_; }
  const PartialShape& shape() const { return shape_; }
  // The tensor name: "node" for output 0, else "node:index"; "" when invalid.
  std::string name() const;

 private:
  Node* node_ = nullptr;
  int index_ = 0;
  DataType dtype_ = DT_INVALID;
  PartialShape shape_;
};

// A node added through a Scope, with all its outputs.
class Operation {
 public:
  Operation() = default;
  Operation(Node* node, std::vector<Output> outputs) : node_(node), outputs_(std::move(outputs)) {}

  bool valid() const { return node_ != nullptr; }
  Node* node() const { return node_; }
  // The node's name ("" when invalid).
  std::string name() const;
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  // Output i, or an invalid Output when out of range.
  Output output(int i) const;

 private:
  Node* node_ = nullptr;
  std::vector<Output> outputs_;
};

// A position in a graph under construction; cheap to copy. See the file comment.
class Scope {
 public:
  // A fresh graph and an empty name prefix. `registry` must outlive every scope derived from it.
  static Scope NewRootScope(const OpRegistry& registry = *OpRegistry::Global());
  // A root scope that builds into an existing `graph` (not owned; it must outlive every scope
  // derived from the result), e.g. to expand composite ops or add gradients to a loaded graph.
  // Infers the shapes of the graph's nodes first: their errors (or a cycle) come back here.
  static absl::StatusOr<Scope> NewRootScopeForGraph(
      Graph* graph, const OpRegistry& registry = *OpRegistry::Global());

  // A child whose nodes are named "<prefix><child>/...". The child name is made unique like op
  // names: a second NewSubScope("dense") gives "dense_1/...". An empty name returns this scope.
  Scope NewSubScope(absl::string_view child_name) const;
  // The next op built with the returned scope is named `op_name` (under this scope's prefix),
  // made unique if taken ("x", then "x_1").
  Scope WithOpName(absl::string_view op_name) const;
  // Every node built with the returned scope gets control inputs from `deps` (added to this
  // scope's own control dependencies).
  Scope WithControlDependencies(absl::Span<const Operation> deps) const;
  Scope WithControlDependencies(const Output& dep) const;
  // The returned scope adds no control inputs.
  Scope WithNoControlDependencies() const;

  // The first error of any builder call on this graph, or OK.
  absl::Status status() const;
  bool ok() const { return status().ok(); }
  // Records `error` unless an error is stored already (first error wins). OK is ignored.
  void UpdateStatus(const absl::Status& error) const;

  // The graph under construction and the shapes inferred so far.
  Graph* graph() const;
  const ShapeRefiner& refiner() const;
  const OpRegistry& registry() const;
  // Control inputs given to nodes built with this scope.
  const std::vector<Node*>& control_deps() const { return control_deps_; }
  // The name prefix ("" at the root, "dense/" in NewSubScope("dense")).
  const std::string& name_prefix() const { return prefix_; }

  // A fresh node name: this scope's op name (WithOpName) or `default_name`, under the prefix,
  // suffixed "_1", "_2", ... if taken. Reserves the name.
  std::string GetUniqueNameForOp(absl::string_view default_name) const;

  // The graph as a GraphDef, or the stored error.
  absl::StatusOr<GraphDef> ToGraphDef() const;

 private:
  friend class OpBuilder;
  struct Shared;

  explicit Scope(std::shared_ptr<Shared> shared);
  ShapeRefiner* mutable_refiner() const;
  std::string UniqueName(const std::string& full_name) const;

  std::shared_ptr<Shared> shared_;
  std::string prefix_;
  std::string op_name_;
  std::vector<Node*> control_deps_;
};

}  // namespace rill

#endif  // RILL_GRAPH_SCOPE_H_
