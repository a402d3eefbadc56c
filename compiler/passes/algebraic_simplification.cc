// Algebraic simplification: one sweep in topological order; each node gets at most one rewrite
// per sweep (the pipeline's fixed point finds the rest).
#include "compiler/passes/algebraic_simplification.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/shape_refiner.h"
#include "graph/tensor.h"
#include "graph/topological_order.h"
#include "graph/types.h"

namespace rill::compiler {
namespace {

// Algebraic identities are facts about particular ops that no registry flag describes, so this
// pass (like XLA's algsimp) names them. Identity-like ops forward their input unchanged.
bool IsIdentityLike(const std::string& op) {
  return op == "Identity" || op == "StopGradient" || op == "PreventGradient" || op == "Snapshot";
}

// Which constant operand leaves the other operand unchanged.
enum class Neutral { kNone, kOne, kAdditive, kSubtrahend };

// Add: x + (-0.0) == x for every float x, but x + (+0.0) maps -0.0 to +0.0. Sub: x - (+0.0) == x,
// but x - (-0.0) does not. For integers both are plain 0.
template <typename T>
bool IsNeutral(T v, Neutral kind) {
  switch (kind) {
    case Neutral::kOne:
      return v == T(1);
    case Neutral::kAdditive:
      if constexpr (std::is_floating_point_v<T>) return v == T(0) && std::signbit(v);
      return v == T(0);
    case Neutral::kSubtrahend:
      if constexpr (std::is_floating_point_v<T>) return v == T(0) && !std::signbit(v);
      return v == T(0);
    case Neutral::kNone:
      break;
  }
  return false;
}

template <typename T>
bool AllNeutral(const Tensor& t, Neutral kind) {
  const T* p = t.data<T>();
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    if (!IsNeutral(p[i], kind)) return false;
  }
  return true;
}

// True if every element of `t` is neutral; false for dtypes this pass does not handle.
bool AllNeutral(const Tensor& t, Neutral kind) {
  switch (t.dtype()) {
    case DT_FLOAT:
      return AllNeutral<float>(t, kind);
    case DT_DOUBLE:
      return AllNeutral<double>(t, kind);
    case DT_INT32:
      return AllNeutral<int32_t>(t, kind);
    case DT_INT64:
      return AllNeutral<int64_t>(t, kind);
    case DT_UINT8:
      return AllNeutral<uint8_t>(t, kind);
    default:
      return false;
  }
}

// A Tensor's integer elements (a permutation), or nullopt for other dtypes.
std::optional<std::vector<int64_t>> IntValues(const Tensor& t) {
  if (t.dtype() == DT_INT32) {
    std::vector<int32_t> v = t.ToVector<int32_t>();
    return std::vector<int64_t>(v.begin(), v.end());
  }
  if (t.dtype() == DT_INT64) return t.ToVector<int64_t>();
  return std::nullopt;
}

bool IsPermutation(const std::vector<int64_t>& p) {
  std::vector<bool> seen(p.size(), false);
  for (int64_t v : p) {
    if (v < 0 || v >= static_cast<int64_t>(p.size()) || seen[v]) return false;
    seen[v] = true;
  }
  return true;
}

bool IsIdentityPermutation(const std::vector<int64_t>& p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != static_cast<int64_t>(i)) return false;
  }
  return true;
}

// The rewriter for one sweep: holds the graph and what shape inference found before it.
class Simplifier {
 public:
  // `untrusted[id]`: the node's values may come from a feed (see Run).
  Simplifier(Graph* graph, const ShapeRefiner& refiner,
             const absl::flat_hash_set<std::string>& keep, std::vector<bool> untrusted)
      : graph_(graph), refiner_(refiner), keep_(keep), untrusted_(std::move(untrusted)) {}

  // Applies at most one rewrite to `n`; true if it did. `n` may be gone afterwards.
  absl::StatusOr<bool> Visit(Node* n) {
    const std::string& op = n->op();
    if (IsIdentityLike(op) && n->num_data_inputs() == 1) return Bypass(n, n->data_inputs()[0]);
    if (op == "Neg" && n->num_data_inputs() == 1) {
      const Edge* in = n->data_inputs()[0];
      if (in->src->op() == "Neg" && in->src->num_data_inputs() == 1) {
        return Bypass(n, in->src->data_inputs()[0]);
      }
    }
    if (op == "Cast" && n->num_data_inputs() == 1) {
      const AttrValue* src = FindAttr(*n, "SrcT");
      const AttrValue* dst = FindAttr(*n, "DstT");
      if (src != nullptr && dst != nullptr && src->type() == dst->type()) {
        return Bypass(n, n->data_inputs()[0]);
      }
    }
    if (op == "Mul") return SimplifyBinary(n, Neutral::kOne, Neutral::kOne);
    if (op == "Add" || op == "AddV2")
      return SimplifyBinary(n, Neutral::kAdditive, Neutral::kAdditive);
    if (op == "Sub") return SimplifyBinary(n, Neutral::kNone, Neutral::kSubtrahend);
    if (op == "Reshape" && n->num_data_inputs() == 2) return SimplifyReshape(n);
    if (op == "Transpose" && n->num_data_inputs() == 2) return SimplifyTranspose(n);
    return false;
  }

 private:
  static const AttrValue* FindAttr(const Node& n, const std::string& name) {
    auto it = n.attrs().find(name);
    return it == n.attrs().end() ? nullptr : &it->second;
  }

  // What inference knew about output `port` of `n` (null for nodes made during this sweep).
  const PartialShape* ShapeOf(const Node& n, int port) const {
    const NodeOutputs* out = refiner_.outputs(n);
    if (out == nullptr || port >= static_cast<int>(out->shapes.size())) return nullptr;
    return &out->shapes[port];
  }

  bool IsRefOutput(const Edge* e) const {
    const NodeOutputs* out = refiner_.outputs(*e->src);
    return out == nullptr || IsRefType(out->dtypes[e->src_output]);
  }

  // The constant value flowing along `e`: a Const's value or a published one; else invalid.
  Tensor ConstantOf(const Edge* e) const {
    const int id = e->src->id();
    if (id < static_cast<int>(untrusted_.size()) && untrusted_[id]) return Tensor();
    const NodeOutputs* out = refiner_.outputs(*e->src);
    if (out != nullptr && out->tensors[e->src_output].valid()) return out->tensors[e->src_output];
    if (e->src->op() == "Const") {
      const AttrValue* value = FindAttr(*e->src, "value");
      if (value != nullptr) {
        absl::StatusOr<Tensor> t = Tensor::FromProto(value->tensor());
        if (t.ok()) return *std::move(t);
      }
    }
    return Tensor();
  }

  // Points every use of `n` at `value`'s source and removes `n`, when that keeps names and
  // ordering (see the header).
  absl::StatusOr<bool> Bypass(Node* n, const Edge* value) {
    if (keep_.contains(n->name()) || !n->control_inputs().empty() || IsRefOutput(value)) {
      return false;
    }
    Node* src = value->src;
    const int port = value->src_output;
    RETURN_IF_ERROR(graph_->ReplaceAllUsesWith(n, 0, src, port).status());
    std::vector<Node*> control_users;
    for (const Edge* e : n->out_edges()) {
      if (e->IsControl()) control_users.push_back(e->dst);
    }
    for (Node* user : control_users) {
      graph_->RemoveControlInput(user, n);
      RETURN_IF_ERROR(graph_->AddControlInput(user, src).status());
    }
    RETURN_IF_ERROR(graph_->RemoveNode(n));
    return true;
  }

  // x op c -> x (and c op x -> x when `left` allows) where c is neutral and does not broadcast x.
  absl::StatusOr<bool> SimplifyBinary(Node* n, Neutral left, Neutral right) {
    if (n->num_data_inputs() != 2) return false;
    const Edge* a = n->data_inputs()[0];
    const Edge* b = n->data_inputs()[1];
    if (right != Neutral::kNone && KeepsShape(*n, a, b) && AllNeutral(ConstantOf(b), right)) {
      return Bypass(n, a);
    }
    if (left != Neutral::kNone && KeepsShape(*n, b, a) && AllNeutral(ConstantOf(a), left)) {
      return Bypass(n, b);
    }
    return false;
  }

  // Whether n = x op c has exactly x's shape.
  bool KeepsShape(const Node& n, const Edge* x, const Edge* c) const {
    const PartialShape* xs = ShapeOf(*x->src, x->src_output);
    const PartialShape* cs = ShapeOf(*c->src, c->src_output);
    const PartialShape* out = ShapeOf(n, 0);
    if (xs == nullptr || cs == nullptr || out == nullptr) return false;
    if (xs->IsFullyDefined() && *xs == *out) return true;
    // A one-element c of no higher rank broadcasts to x's shape whatever it is.
    if (!xs->rank_known() || !cs->IsFullyDefined() || cs->rank() > xs->rank()) return false;
    for (int64_t d : cs->dims()) {
      if (d != 1) return false;
    }
    return true;
  }

  absl::StatusOr<bool> SimplifyReshape(Node* n) {
    const Edge* in = n->data_inputs()[0];
    if (in->src->op() == "Reshape" && in->src->num_data_inputs() == 2) {
      const Edge* inner_in = in->src->data_inputs()[0];
      if (IsRefOutput(inner_in)) return false;
      // Reshape depends only on the element order, which reshaping never changes.
      RETURN_IF_ERROR(graph_->ReplaceDataInput(n, 0, inner_in->src, inner_in->src_output));
      return true;
    }
    const PartialShape* xs = ShapeOf(*in->src, in->src_output);
    const PartialShape* out = ShapeOf(*n, 0);
    if (xs != nullptr && out != nullptr && xs->IsFullyDefined() && *xs == *out) {
      return Bypass(n, in);
    }
    return false;
  }

  absl::StatusOr<bool> SimplifyTranspose(Node* n) {
    std::optional<std::vector<int64_t>> q = IntValues(ConstantOf(n->data_inputs()[1]));
    if (!q.has_value() || !IsPermutation(*q)) return false;
    const Edge* in = n->data_inputs()[0];
    if (IsIdentityPermutation(*q)) return Bypass(n, in);
    if (in->src->op() != "Transpose" || in->src->num_data_inputs() != 2) return false;
    std::optional<std::vector<int64_t>> p = IntValues(ConstantOf(in->src->data_inputs()[1]));
    if (!p.has_value() || !IsPermutation(*p) || p->size() != q->size()) return false;
    // out[i] = t[q[i]] = x[p[q[i]]].
    std::vector<int64_t> r(q->size());
    for (size_t i = 0; i < r.size(); ++i) r[i] = (*p)[(*q)[i]];
    const Edge* x = in->src->data_inputs()[0];
    if (IsIdentityPermutation(r)) return Bypass(n, x);
    if (IsRefOutput(x)) return false;
    ASSIGN_OR_RETURN(Node * perm, AddPermutation(*n, r, ConstantOf(n->data_inputs()[1]).dtype()));
    RETURN_IF_ERROR(graph_->ReplaceDataInput(n, 0, x->src, x->src_output));
    RETURN_IF_ERROR(graph_->ReplaceDataInput(n, 1, perm, 0));
    return true;
  }

  // A Const "<n>/perm" (or a free variant) holding `perm` as `dtype` (int32 or int64).
  absl::StatusOr<Node*> AddPermutation(const Node& n, const std::vector<int64_t>& perm,
                                       DataType dtype) {
    const TensorShape shape({static_cast<int64_t>(perm.size())});
    Tensor value;
    if (dtype == DT_INT32) {
      ASSIGN_OR_RETURN(value, Tensor::FromVector<int32_t>(
                                  std::vector<int32_t>(perm.begin(), perm.end()), shape));
    } else {
      ASSIGN_OR_RETURN(value, Tensor::FromVector<int64_t>(perm, shape));
    }
    NodeDef def;
    std::string name = absl::StrCat(n.name(), "/perm");
    for (int i = 1; graph_->FindNode(name) != nullptr; ++i)
      name = absl::StrCat(n.name(), "/perm_", i);
    def.set_name(name);
    def.set_op("Const");
    def.set_device(n.device());
    (*def.mutable_attr())["dtype"].set_type(dtype);
    value.ToProto((*def.mutable_attr())["value"].mutable_tensor());
    return graph_->AddNode(std::move(def));
  }

  Graph* graph_;
  const ShapeRefiner& refiner_;
  const absl::flat_hash_set<std::string>& keep_;
  std::vector<bool> untrusted_;  // by node id; nodes added during the sweep are trusted
};

// Fed nodes, and everything below a fed node whose value inference published (a fed Const or an
// Identity of one): published values there describe the graph, not the feed.
std::vector<bool> UntrustedNodes(const std::vector<Node*>& order, const ShapeRefiner& refiner,
                                 const absl::flat_hash_set<std::string>& feeds, int id_bound) {
  std::vector<bool> untrusted(id_bound, false);
  std::vector<bool> tainted(id_bound, false);
  for (const Node* n : order) {
    for (const Edge* e : n->data_inputs()) {
      if (tainted[e->src->id()]) tainted[n->id()] = true;
    }
    if (feeds.contains(n->name())) {
      untrusted[n->id()] = true;
      const NodeOutputs* out = refiner.outputs(*n);
      for (size_t i = 0; out != nullptr && i < out->tensors.size(); ++i) {
        if (out->tensors[i].valid()) tainted[n->id()] = true;
      }
    }
    if (tainted[n->id()]) untrusted[n->id()] = true;
  }
  return untrusted;
}

}  // namespace

absl::StatusOr<bool> AlgebraicSimplification::Run(Graph* graph) {
  ASSIGN_OR_RETURN(std::unique_ptr<ShapeRefiner> refiner, InferShapes(*graph, registry_));
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(*graph));
  Simplifier simplifier(graph, *refiner, keep_,
                        UntrustedNodes(order, *refiner, feeds_, graph->node_id_bound()));
  bool changed = false;
  for (Node* n : order) {
    ASSIGN_OR_RETURN(bool rewrote, simplifier.Visit(n));
    changed |= rewrote;
  }
  return changed;
}

std::unique_ptr<GraphPass> CreateAlgebraicSimplificationPass(
    AlgebraicSimplificationOptions options) {
  return std::make_unique<AlgebraicSimplification>(std::move(options));
}

}  // namespace rill::compiler
