// Scope: shared graph state (graph, refiner, first error, used names) and the scope variants.
#include "graph/scope.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph_convert.h"
#include "graph/topological_order.h"

namespace rill {

// State shared by a root scope and everything derived from it.
struct Scope::Shared {
  // Builds into `existing` when given (not owned), else into a graph of its own.
  Shared(const OpRegistry& r, Graph* existing)
      : registry(r),
        owned(existing == nullptr ? std::make_unique<Graph>() : nullptr),
        graph(existing == nullptr ? *owned : *existing),
        refiner(r) {}

  const OpRegistry& registry;
  std::unique_ptr<Graph> owned;
  Graph& graph;
  ShapeRefiner refiner;
  absl::Status status;
  absl::flat_hash_set<std::string> used_names;        // names handed out (nodes and sub-scopes)
  absl::flat_hash_map<std::string, int> last_suffix;  // base name -> last "_k" handed out
};

std::string Output::name() const {
  if (node_ == nullptr) return "";
  return TensorId{node_->name(), index_}.ToString();
}

std::string Operation::name() const { return node_ == nullptr ? "" : node_->name(); }

Output Operation::output(int i) const {
  if (i < 0 || i >= num_outputs()) return Output();
  return outputs_[i];
}

Scope::Scope(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

Scope Scope::NewRootScope(const OpRegistry& registry) {
  return Scope(std::make_shared<Shared>(registry, nullptr));
}

absl::StatusOr<Scope> Scope::NewRootScopeForGraph(Graph* graph, const OpRegistry& registry) {
  auto shared = std::make_shared<Shared>(registry, graph);
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(*graph));
  for (const Node* node : order) RETURN_IF_ERROR(shared->refiner.AddNode(*node));
  return Scope(std::move(shared));
}

std::string Scope::UniqueName(const std::string& full_name) const {
  auto taken = [&](const std::string& name) {
    return shared_->used_names.contains(name) || shared_->graph.FindNode(name) != nullptr;
  };
  std::string name = full_name;
  if (taken(name)) {
    int& k = shared_->last_suffix[full_name];
    do {
      name = absl::StrCat(full_name, "_", ++k);
    } while (taken(name));
  }
  shared_->used_names.insert(name);
  return name;
}

Scope Scope::NewSubScope(absl::string_view child_name) const {
  if (child_name.empty()) return *this;
  Scope child = *this;
  child.op_name_.clear();
  child.prefix_ = absl::StrCat(UniqueName(absl::StrCat(prefix_, child_name)), "/");
  return child;
}

Scope Scope::WithOpName(absl::string_view op_name) const {
  Scope s = *this;
  s.op_name_ = std::string(op_name);
  return s;
}

Scope Scope::WithControlDependencies(absl::Span<const Operation> deps) const {
  Scope s = *this;
  for (const Operation& op : deps) {
    if (!op.valid()) {
      UpdateStatus(absl::InvalidArgumentError(
          "WithControlDependencies: an invalid Operation (from a failed builder call?)"));
      continue;
    }
    if (std::find(s.control_deps_.begin(), s.control_deps_.end(), op.node()) ==
        s.control_deps_.end()) {
      s.control_deps_.push_back(op.node());
    }
  }
  return s;
}

Scope Scope::WithControlDependencies(const Output& dep) const {
  return WithControlDependencies({Operation(dep.node(), {})});
}

Scope Scope::WithNoControlDependencies() const {
  Scope s = *this;
  s.control_deps_.clear();
  return s;
}

absl::Status Scope::status() const { return shared_->status; }

void Scope::UpdateStatus(const absl::Status& error) const {
  if (shared_->status.ok()) shared_->status = error;
}

Graph* Scope::graph() const { return &shared_->graph; }
const ShapeRefiner& Scope::refiner() const { return shared_->refiner; }
ShapeRefiner* Scope::mutable_refiner() const { return &shared_->refiner; }
const OpRegistry& Scope::registry() const { return shared_->registry; }

std::string Scope::GetUniqueNameForOp(absl::string_view default_name) const {
  const std::string base = op_name_.empty() ? std::string(default_name) : op_name_;
  return UniqueName(absl::StrCat(prefix_, base));
}

absl::StatusOr<GraphDef> Scope::ToGraphDef() const {
  if (!shared_->status.ok()) return shared_->status;
  return GraphToGraphDef(shared_->graph);
}

}  // namespace rill
