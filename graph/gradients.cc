// AddSymbolicGradients: reverse-mode autodiff over the graph with a ready queue (no recursion).
#include "graph/gradients.h"

#include <deque>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/node_signature.h"
#include "graph/types.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/math_ops.h"

namespace rill {
namespace {

// Gradients flow only along float (f32/f64, or their ref) tensors.
bool IsDifferentiable(DataType dtype) { return IsFloatDtype(BaseType(dtype)); }

// The Output for port `port` of `node` as the scope's refiner knows it.
absl::StatusOr<Output> MakeOutput(const Scope& scope, Node* node, int port) {
  ASSIGN_OR_RETURN(auto out, scope.refiner().output(*node, port));
  return Output(node, port, out.first, out.second);
}

absl::Status CheckOutputs(const Scope& scope, const std::vector<Output>& outputs,
                          absl::string_view what) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Output& o = outputs[i];
    if (!o.valid()) {
      return absl::InvalidArgumentError(absl::StrCat(what, "[", i, "] is an invalid Output"));
    }
    if (scope.graph()->node(o.node()->id()) != o.node()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, "[", i, "] ('", o.name(), "') belongs to another graph"));
    }
  }
  return absl::OkStatus();
}

// The backward pass over the nodes between xs and ys.
class GradientBuilder {
 public:
  GradientBuilder(const Scope& scope, const std::vector<Output>& ys, const std::vector<Output>& xs,
                  const std::vector<Output>& grad_ys)
      : scope_(scope.NewSubScope("gradients")), ys_(ys), xs_(xs), grad_ys_(grad_ys) {}

  absl::StatusOr<std::vector<Output>> Build();

 private:
  // Marks the nodes on a data path from an x to a y.
  void FindPathNodes();
  // Adds `grad` (may be invalid = none) to what flows into output `port` of `node`, and
  // releases the node when all its expected contributions are in.
  void Contribute(Node* node, int port, const Output& grad);
  // Sums the contributions to each output of `node` (AddN for several).
  absl::StatusOr<std::vector<Output>> SumGrads(Node* node);
  // Calls the op's gradient function and hands dx to the producers.
  absl::Status Backprop(Node* node, std::vector<Output> grads);

  Scope scope_;
  const std::vector<Output>& ys_;
  const std::vector<Output>& xs_;
  const std::vector<Output>& grad_ys_;
  const Graph* graph_ = nullptr;
  std::vector<bool> reachable_;  // from xs, forwards; by node id
  std::vector<bool> on_path_;    // reachable and leads to a y; by node id
  std::vector<bool> is_x_node_;  // by node id
  std::vector<int> pending_;     // contributions still expected, by node id
  absl::flat_hash_map<std::pair<int, int>, std::vector<Output>> grads_;  // (node id, port)
  absl::flat_hash_map<std::pair<int, int>, Output> summed_;              // for x outputs
  std::deque<Node*> ready_;
};

void GradientBuilder::FindPathNodes() {
  const int bound = graph_->node_id_bound();
  reachable_.assign(bound, false);
  is_x_node_.assign(bound, false);
  std::vector<Node*> stack;
  // Forwards from each x's own output port.
  for (const Output& x : xs_) {
    is_x_node_[x.node()->id()] = true;
    for (const Edge* e : x.node()->out_edges()) {
      if (!e->IsControl() && e->src_output == x.index() && !reachable_[e->dst->id()]) {
        reachable_[e->dst->id()] = true;
        stack.push_back(e->dst);
      }
    }
  }
  while (!stack.empty()) {
    Node* node = stack.back();
    stack.pop_back();
    for (const Edge* e : node->out_edges()) {
      if (!e->IsControl() && !reachable_[e->dst->id()]) {
        reachable_[e->dst->id()] = true;
        stack.push_back(e->dst);
      }
    }
  }
  // Backwards from the ys, through reachable nodes only.
  on_path_.assign(bound, false);
  for (const Output& y : ys_) {
    if (reachable_[y.node()->id()] && !on_path_[y.node()->id()]) {
      on_path_[y.node()->id()] = true;
      stack.push_back(y.node());
    }
  }
  while (!stack.empty()) {
    Node* node = stack.back();
    stack.pop_back();
    for (const Edge* e : node->data_inputs()) {
      if (reachable_[e->src->id()] && !on_path_[e->src->id()]) {
        on_path_[e->src->id()] = true;
        stack.push_back(e->src);
      }
    }
  }
}

void GradientBuilder::Contribute(Node* node, int port, const Output& grad) {
  if (grad.valid()) grads_[{node->id(), port}].push_back(grad);
  if (--pending_[node->id()] == 0) ready_.push_back(node);
}

absl::StatusOr<std::vector<Output>> GradientBuilder::SumGrads(Node* node) {
  const NodeOutputs* outs = scope_.refiner().outputs(*node);
  std::vector<Output> sums(outs->dtypes.size());
  for (size_t port = 0; port < sums.size(); ++port) {
    auto it = grads_.find({node->id(), static_cast<int>(port)});
    if (it == grads_.end()) continue;
    std::vector<Output>& parts = it->second;
    sums[port] = parts.size() == 1 ? parts[0] : ops::AddN(scope_, parts);
    if (!scope_.ok()) return scope_.status();
  }
  return sums;
}

absl::Status GradientBuilder::Backprop(Node* node, std::vector<Output> grads) {
  const std::string context = NodeContext(*node);
  const OpRegistration* op = scope_.registry().Find(node->op());
  if (op == nullptr) return absl::NotFoundError(absl::StrCat(context, ": op not registered"));
  bool any = false;
  for (const Output& g : grads) any = any || g.valid();
  std::vector<Output> dx(node->num_data_inputs());
  if (any && !op->no_gradient) {
    if (!op->gradient) {
      return absl::InvalidArgumentError(absl::StrCat(
          context, ": op '", node->op(),
          "' is not differentiable (no gradient registered), but a gradient is needed through it"));
    }
    std::vector<Output> inputs;
    for (const Edge* e : node->data_inputs()) {
      ASSIGN_OR_RETURN(Output in, MakeOutput(scope_, e->src, e->src_output));
      inputs.push_back(std::move(in));
    }
    std::vector<Output> outputs;
    for (size_t i = 0; i < grads.size(); ++i) {
      ASSIGN_OR_RETURN(Output out, MakeOutput(scope_, node, static_cast<int>(i)));
      outputs.push_back(std::move(out));
    }
    GradientContext c(scope_.NewSubScope(node->name()), *node, *op, std::move(inputs),
                      std::move(outputs), std::move(grads));
    if (absl::Status s = op->gradient(c); !s.ok()) {
      if (absl::StartsWith(s.message(), "gradient of ")) return s;
      return internal::AddContext(s, absl::StrCat("gradient of ", context));
    }
    if (!scope_.ok()) {
      return internal::AddContext(scope_.status(), absl::StrCat("gradient of ", context));
    }
    dx = c.input_grads();
  }
  for (int i = 0; i < node->num_data_inputs(); ++i) {
    const Edge* e = node->data_inputs()[i];
    Node* src = e->src;
    if (!on_path_[src->id()] && !is_x_node_[src->id()]) continue;
    Output g = dx[i];
    if (g.valid() && !IsDifferentiable(g.dtype())) g = Output();
    if (g.valid() && !IsDifferentiable(scope_.refiner().outputs(*src)->dtypes[e->src_output])) {
      g = Output();
    }
    Contribute(src, e->src_output, g);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Output>> GradientBuilder::Build() {
  RETURN_IF_ERROR(scope_.status());
  RETURN_IF_ERROR(CheckOutputs(scope_, ys_, "ys"));
  RETURN_IF_ERROR(CheckOutputs(scope_, xs_, "xs"));
  RETURN_IF_ERROR(CheckOutputs(scope_, grad_ys_, "grad_ys"));
  if (!grad_ys_.empty() && grad_ys_.size() != ys_.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("got ", grad_ys_.size(), " grad_ys for ", ys_.size(), " ys"));
  }
  graph_ = scope_.graph();
  FindPathNodes();

  // Each node expects one contribution per data edge into an on-path consumer.
  pending_.assign(graph_->node_id_bound(), 0);
  for (Node* node : graph_->nodes()) {
    if (!on_path_[node->id()]) continue;
    for (const Edge* e : node->data_inputs()) {
      if (on_path_[e->src->id()] || is_x_node_[e->src->id()]) ++pending_[e->src->id()];
    }
  }
  // Seed the ys (contributions that no edge counts).
  for (size_t k = 0; k < ys_.size(); ++k) {
    const Output& y = ys_[k];
    if (!IsDifferentiable(y.dtype())) {
      return absl::InvalidArgumentError(absl::StrCat("ys[", k, "] ('", y.name(), "') is ",
                                                     DataTypeString(y.dtype()),
                                                     ": gradients need float ys"));
    }
    Output g = grad_ys_.empty() ? ops::OnesLike(scope_, y) : grad_ys_[k];
    if (!scope_.ok()) return scope_.status();
    if (BaseType(g.dtype()) != BaseType(y.dtype())) {
      return absl::InvalidArgumentError(absl::StrCat("grad_ys[", k, "] is ",
                                                     DataTypeString(g.dtype()), " but ys[", k,
                                                     "] is ", DataTypeString(y.dtype())));
    }
    if (on_path_[y.node()->id()] || is_x_node_[y.node()->id()]) {
      grads_[{y.node()->id(), y.index()}].push_back(g);
    }
  }
  for (Node* node : graph_->nodes()) {
    // Seeding may have added nodes (OnesLike); they are off the path and have no table entries.
    if (node->id() >= static_cast<int>(pending_.size())) continue;
    if ((on_path_[node->id()] || is_x_node_[node->id()]) && pending_[node->id()] == 0) {
      ready_.push_back(node);
    }
  }
  while (!ready_.empty()) {
    Node* node = ready_.front();
    ready_.pop_front();
    ASSIGN_OR_RETURN(std::vector<Output> sums, SumGrads(node));
    if (is_x_node_[node->id()]) {
      for (size_t port = 0; port < sums.size(); ++port) {
        summed_[{node->id(), static_cast<int>(port)}] = sums[port];
      }
    }
    if (on_path_[node->id()]) RETURN_IF_ERROR(Backprop(node, std::move(sums)));
  }
  std::vector<Output> result;
  for (const Output& x : xs_) {
    auto it = summed_.find({x.node()->id(), x.index()});
    Output g = it == summed_.end() ? Output() : it->second;
    if (!g.valid()) g = ops::ZerosLike(scope_, x);
    if (!scope_.ok()) return scope_.status();
    result.push_back(g);
  }
  return result;
}

}  // namespace

absl::StatusOr<std::vector<Output>> AddSymbolicGradients(const Scope& scope,
                                                         const std::vector<Output>& ys,
                                                         const std::vector<Output>& xs,
                                                         const std::vector<Output>& grad_ys) {
  GradientBuilder builder(scope, ys, xs, grad_ys);
  return builder.Build();
}

}  // namespace rill
