// Constant folding on the reference kernels: analyse in topological order, then rewrite.
#include "compiler/passes/constant_folding.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/node_signature.h"
#include "graph/shape_refiner.h"
#include "graph/tensor.h"
#include "graph/topological_order.h"
#include "graph/types.h"
#include "ops/attr_slice.h"
#include "ops/kernel_context.h"

namespace rill::compiler {
namespace {

// One node to replace: its Const encodings, one per output.
struct Fold {
  Node* node;
  std::vector<TensorProto> outputs;
};

bool HasRefType(const std::vector<DataType>& dtypes) {
  return std::any_of(dtypes.begin(), dtypes.end(), [](DataType t) { return IsRefType(t); });
}

// Whether the op itself allows folding (the node-level conditions are checked by the caller).
bool FoldableOp(const NodeSignature& sig) {
  return !sig.op->is_stateful() && sig.op->reference_kernel != nullptr &&
         !HasRefType(sig.inputs.dtypes) && !HasRefType(sig.outputs.dtypes);
}

// Runs `n`'s reference kernel on known input values; the error (if any) means "do not fold".
absl::StatusOr<std::vector<Tensor>> Evaluate(const Node& n, const NodeSignature& sig,
                                             std::vector<KernelInput> inputs,
                                             const TensorLimits& limits) {
  KernelEnv env;  // no variables, no random state: stateful ops never get here
  env.limits = limits;
  KernelContext c(n.name(), n.op(), AttrSlice(n.attrs(), &sig.op->def), std::move(inputs),
                  sig.outputs.dtypes, env);
  RETURN_IF_ERROR(RunReferenceKernel(*sig.op, c));
  std::vector<Tensor> outputs;
  for (KernelInput& out : c.ReleaseOutputs()) outputs.push_back(std::move(out.tensor));
  return outputs;
}

// The values shape inference published for every output of `n`, or empty if any is unknown.
std::vector<Tensor> PublishedValues(const ShapeRefiner& refiner, const Node& n) {
  const NodeOutputs* out = refiner.outputs(n);
  if (out == nullptr || out->tensors.empty()) return {};
  for (const Tensor& t : out->tensors) {
    if (!t.valid()) return {};
  }
  return out->tensors;
}

bool PublishesAnyValue(const ShapeRefiner& refiner, const Node& n) {
  const NodeOutputs* out = refiner.outputs(n);
  if (out == nullptr) return false;
  return std::any_of(out->tensors.begin(), out->tensors.end(),
                     [](const Tensor& t) { return t.valid(); });
}

// `base`, or `base_1`, `base_2`, ... whichever is free in `graph`.
std::string UniqueName(const Graph& graph, const std::string& base) {
  std::string name = base;
  for (int i = 1; graph.FindNode(name) != nullptr; ++i) name = absl::StrCat(base, "_", i);
  return name;
}

absl::StatusOr<Node*> AddConst(Graph* graph, const std::string& name, const std::string& device,
                               const TensorProto& value) {
  NodeDef def;
  def.set_name(name);
  def.set_op("Const");
  def.set_device(device);
  (*def.mutable_attr())["dtype"].set_type(value.dtype());
  *(*def.mutable_attr())["value"].mutable_tensor() = value;
  return graph->AddNode(std::move(def));
}

// Replaces `fold.node` by Consts, moving data uses, control inputs, control uses and
// collection entries over; the node itself is removed.
absl::Status Replace(Graph* graph, const Fold& fold) {
  Node* n = fold.node;
  const std::string name = n->name();
  const bool single = fold.outputs.size() == 1;
  std::vector<bool> used(fold.outputs.size(), false);
  std::vector<Node*> control_users;
  for (const Edge* e : n->out_edges()) {
    if (e->IsControl()) {
      control_users.push_back(e->dst);
    } else {
      used[e->src_output] = true;
    }
  }
  if (std::none_of(used.begin(), used.end(), [](bool u) { return u; })) used[0] = true;
  std::vector<Node*> control_srcs;
  for (const Edge* e : n->control_inputs()) control_srcs.push_back(e->src);

  Node* first = nullptr;
  for (size_t i = 0; i < fold.outputs.size(); ++i) {
    if (!used[i]) continue;
    const std::string base =
        single ? absl::StrCat(name, "/folded") : absl::StrCat(name, "/folded_", i);
    ASSIGN_OR_RETURN(Node * c,
                     AddConst(graph, UniqueName(*graph, base), n->device(), fold.outputs[i]));
    for (Node* src : control_srcs) RETURN_IF_ERROR(graph->AddControlInput(c, src).status());
    RETURN_IF_ERROR(graph->ReplaceAllUsesWith(n, static_cast<int>(i), c, 0).status());
    if (first == nullptr) first = c;
  }
  for (Node* user : control_users) {
    graph->RemoveControlInput(user, n);
    RETURN_IF_ERROR(graph->AddControlInput(user, first).status());
  }
  for (const std::string& key : graph->CollectionKeys()) {
    const std::vector<Node*>& members = graph->GetCollection(key);
    if (std::find(members.begin(), members.end(), n) != members.end()) {
      graph->AddToCollection(key, first);
    }
  }
  RETURN_IF_ERROR(graph->RemoveNode(n));
  // Fetches name the node: the single Const takes its name over.
  if (single) RETURN_IF_ERROR(graph->RenameNode(first, name));
  return absl::OkStatus();
}

}  // namespace

ConstantFolding::ConstantFolding(ConstantFoldingOptions options, const OpRegistry& registry)
    : options_(std::move(options)),
      feeds_(options_.feeds.begin(), options_.feeds.end()),
      keep_(options_.keep.begin(), options_.keep.end()),
      registry_(registry) {}

absl::StatusOr<bool> ConstantFolding::Run(Graph* graph) {
  ASSIGN_OR_RETURN(std::unique_ptr<ShapeRefiner> refiner, InferShapes(*graph, registry_));
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(*graph));
  // Known output values by node id (empty: unknown). `tainted`: a published value downstream of
  // a fed node may describe the graph's value rather than the fed one, so it is not trusted.
  std::vector<std::vector<Tensor>> values(graph->node_id_bound());
  std::vector<bool> tainted(graph->node_id_bound(), false);
  TensorLimits kernel_limits;
  kernel_limits.max_bytes = options_.max_constant_bytes;
  std::vector<Fold> folds;

  // Sources (Consts) are decoded only when a consumer could fold: big weights that feed
  // non-constant computations are never copied.
  std::vector<const NodeSignature*> sources(graph->node_id_bound(), nullptr);
  std::vector<NodeSignature> signatures(graph->node_id_bound());
  auto value_known = [&](const Edge* e) {
    return !values[e->src->id()].empty() || sources[e->src->id()] != nullptr;
  };
  auto decode = [&](const Edge* e) {
    Node* src = e->src;
    if (values[src->id()].empty() && sources[src->id()] != nullptr) {
      // A Placeholder's kernel fails ("must be fed"): its value stays unknown.
      absl::StatusOr<std::vector<Tensor>> out =
          Evaluate(*src, *sources[src->id()], {}, TensorLimits{});
      if (out.ok()) values[src->id()] = *std::move(out);
      sources[src->id()] = nullptr;
    }
    return !values[src->id()].empty();
  };

  for (Node* n : order) {
    bool inputs_known = true;
    for (const Edge* e : n->data_inputs()) {
      if (tainted[e->src->id()]) tainted[n->id()] = true;
      if (!value_known(e)) inputs_known = false;
    }
    if (feeds_.contains(n->name())) {
      if (PublishesAnyValue(*refiner, *n)) tainted[n->id()] = true;
      continue;
    }
    ASSIGN_OR_RETURN(signatures[n->id()], ResolveNodeSignature(*n, registry_));
    const NodeSignature& sig = signatures[n->id()];
    if (!FoldableOp(sig)) continue;
    if (n->num_data_inputs() == 0) {
      sources[n->id()] = &sig;  // a Const: evaluated on demand, never replaced
      continue;
    }
    if (sig.outputs.size() != 1 && keep_.contains(n->name())) continue;
    std::vector<Tensor> outputs;
    if (!tainted[n->id()]) outputs = PublishedValues(*refiner, *n);
    if (outputs.empty() && inputs_known) {
      std::vector<KernelInput> inputs;
      for (const Edge* e : n->data_inputs()) {
        if (!decode(e)) break;
        inputs.push_back(KernelInput{values[e->src->id()][e->src_output]});
      }
      if (inputs.size() != n->data_inputs().size()) continue;
      // A kernel error is the user's run-time error, not a compile error: leave the node.
      absl::StatusOr<std::vector<Tensor>> out = Evaluate(*n, sig, std::move(inputs), kernel_limits);
      if (out.ok()) outputs = *std::move(out);
    }
    if (outputs.empty()) continue;
    Fold fold{n, std::vector<TensorProto>(outputs.size())};
    bool fits = true;
    for (size_t i = 0; i < outputs.size() && fits; ++i) {
      outputs[i].ToProto(&fold.outputs[i]);
      fits = static_cast<int64_t>(fold.outputs[i].ByteSizeLong()) <= options_.max_constant_bytes;
    }
    if (!fits) continue;
    values[n->id()] = std::move(outputs);
    folds.push_back(std::move(fold));
  }
  for (const Fold& fold : folds) RETURN_IF_ERROR(Replace(graph, fold));
  return !folds.empty();
}

std::unique_ptr<GraphPass> CreateConstantFoldingPass(ConstantFoldingOptions options) {
  return std::make_unique<ConstantFolding>(std::move(options));
}

}  // namespace rill::compiler
