// Element-wise fusion: group formation (reverse topological order) and the rewrite into RillFusion.
#include "compiler/passes/elementwise_fusion.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/status_macros.h"
#include "compiler/fusion_op.h"
#include "graph/shape_refiner.h"
#include "graph/types.h"
#include "graph/topological_order.h"

namespace rill::compiler {
namespace {

struct Group {
  std::vector<Node*> members;  // root first, then producers as they joined
  bool reduction = false;      // the root is a reduction; producers feed its input 0
};

// Must equal codegen::kMaxFusedColumns (compiler/codegen/fused_reduction_emitter.h).
constexpr int64_t kMaxFusedColumns = 16384;

// Reductions whose loop emitter reads input 0 only through ReadInput (so a fused producer can
// stand in for the buffer) and whose other inputs are constants the emitter needs.
bool IsFusibleReduction(const Node& n, const OpRegistry& registry) {
  static const auto* kOps = new absl::flat_hash_set<std::string>{"Sum", "Prod", "Max", "Min",
                                                                 "ArgMax", "ArgMin", "BiasAddGrad"};
  if (!kOps->contains(n.op())) return false;
  const OpRegistration* op = registry.Find(n.op());
  if (op == nullptr || !op->loop_emitter || op->is_stateful()) return false;
  // BiasAddGrad: NHWC only (the emitters' layout; codegen emits f32 in ColumnSums' order).
  if (n.op() == "BiasAddGrad") {
    auto format = n.def().attr().find("data_format");
    if (format != n.def().attr().end() && format->second.s() != "NHWC") return false;
  }
  // The axes / dimension input must be a Const (the loop emitters need its value).
  for (const Edge* e : n.data_inputs()) {
    if (e->dst_input > 0 && e->src->op() != "Const") return false;
  }
  return true;
}

// A FunctionDef name not yet in `library`, derived from the root's name.
std::string UniqueFunctionName(const FunctionDefLibrary& library, const std::string& root) {
  const std::string base = absl::StrCat("fused_", absl::StrReplaceAll(root, {{"/", "_"}}));
  std::string name = base;
  for (int k = 1;; ++k) {
    bool taken = false;
    for (const FunctionDef& f : library.function()) taken = taken || f.signature().name() == name;
    if (!taken) return name;
    name = absl::StrCat(base, "_", k);
  }
}

class Fuser {
 public:
  Fuser(Graph* graph, const OpRegistry& registry, const ShapeRefiner& shapes)
      : graph_(graph), registry_(registry), shapes_(shapes) {}

  // Replaces the members of `group` by one RillFusion node named like the root.
  absl::Status Rewrite(const Group& group) {
    Node* root = group.members.front();
    absl::flat_hash_map<const Node*, bool> in_group;
    for (Node* m : group.members) in_group[m] = true;
    // Members in dependency order (the body's node order).
    std::vector<Node*> ordered(group.members.rbegin(), group.members.rend());

    FunctionDef body;
    OpDef* sig = body.mutable_signature();
    sig->set_name(UniqueFunctionName(graph_->library(), root->name()));
    std::vector<std::pair<Node*, int>> inputs;   // external data inputs, deduplicated
    std::map<std::pair<int, int>, int> input_index;
    std::vector<Node*> control_sources;
    AttrValue tin;
    for (Node* m : ordered) {
      NodeDef* def = body.add_node_def();
      *def = m->def();
      for (const Edge* e : m->data_inputs()) {
        if (in_group.contains(e->src)) {
          ASSIGN_OR_RETURN(std::string arg, OutputArgName(*e->src));
          def->add_input(absl::StrCat(e->src->name(), ":", arg, ":0"));
          continue;
        }
        auto [it, inserted] = input_index.emplace(std::make_pair(e->src->id(), e->src_output),
                                                  static_cast<int>(inputs.size()));
        if (inserted) {
          inputs.emplace_back(e->src, e->src_output);
          ASSIGN_OR_RETURN(auto dtype_shape, OutputOf(*e->src, e->src_output));
          OpDef::ArgDef* arg = sig->add_input_arg();
          arg->set_name(absl::StrCat("in_", it->second));
          // A variable's ref output is read as a value by the member (element-wise ops take
          // values), so the fused node takes the value too.
          arg->set_type(BaseType(dtype_shape.first));
          tin.mutable_list()->add_type(BaseType(dtype_shape.first));
        }
        def->add_input(absl::StrCat("in_", it->second));
      }
      // Element-wise ops are pure: control edges inside the group order nothing; outside ones move.
      for (const Edge* e : m->control_inputs()) {
        if (!in_group.contains(e->src)) control_sources.push_back(e->src);
      }
    }
    ASSIGN_OR_RETURN(auto root_out, OutputOf(*root, 0));
    OpDef::ArgDef* out = sig->add_output_arg();
    out->set_name("out_0");
    out->set_type(root_out.first);
    ASSIGN_OR_RETURN(std::string root_arg, OutputArgName(*root));
    (*body.mutable_ret())["out_0"] = absl::StrCat(root->name(), ":", root_arg, ":0");

    NodeDef fused;
    fused.set_name(absl::StrCat(root->name(), "/rill_fusion_tmp"));
    fused.set_op(kFusionOp);
    fused.set_device(root->device());
    auto& attrs = *fused.mutable_attr();
    attrs["Tin"] = tin;
    attrs["Tout"].mutable_list()->add_type(root_out.first);
    attrs[kFusionBodyAttr].mutable_func()->set_name(sig->name());
    attrs[kFusionKindAttr].set_s(group.reduction ? kFusionKindReduction : kFusionKindElementwise);
    root_out.second.ToProto(attrs[kFusionOutputShapesAttr].mutable_list()->add_shape());
    *graph_->mutable_library()->add_function() = std::move(body);

    ASSIGN_OR_RETURN(Node * node, graph_->AddNode(std::move(fused)));
    for (const auto& [src, port] : inputs) RETURN_IF_ERROR(graph_->AddDataInput(node, src, port).status());
    for (Node* src : control_sources) RETURN_IF_ERROR(graph_->AddControlInput(node, src).status());
    RETURN_IF_ERROR(graph_->ReplaceAllUsesWith(root, 0, node, 0).status());
    std::vector<Node*> control_users;
    for (Node* m : group.members) {
      for (const Edge* e : m->out_edges()) {
        if (e->IsControl() && !in_group.contains(e->dst)) control_users.push_back(e->dst);
      }
    }
    for (Node* user : control_users) RETURN_IF_ERROR(graph_->AddControlInput(user, node).status());
    const std::string root_name = root->name();
    RETURN_IF_ERROR(graph_->RemoveNodes(group.members));
    // Later groups may read the fused node; the refiner has not seen it.
    fused_outputs_[node] = std::move(root_out);
    return graph_->RenameNode(node, root_name);
  }

 private:
  // TensorFlow's FunctionDef spells an internal edge "node:output_arg:index".
  absl::StatusOr<std::string> OutputArgName(const Node& n) const {
    ASSIGN_OR_RETURN(const OpRegistration* op, registry_.LookUp(n.op()));
    return op->def.output_arg(0).name();
  }

  absl::StatusOr<std::pair<DataType, PartialShape>> OutputOf(const Node& n, int port) const {
    auto it = fused_outputs_.find(&n);
    if (it != fused_outputs_.end()) return it->second;
    return shapes_.output(n, port);
  }

  Graph* graph_;
  const OpRegistry& registry_;
  const ShapeRefiner& shapes_;
  absl::flat_hash_map<const Node*, std::pair<DataType, PartialShape>> fused_outputs_;
};

}  // namespace

absl::StatusOr<bool> ElementwiseFusion::Run(Graph* graph) {
  ASSIGN_OR_RETURN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(*graph, registry_));
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(*graph));

  auto fusible = [&](const Node& n) -> const PartialShape* {
    const OpRegistration* op = registry_.Find(n.op());
    if (op == nullptr || !op->is_elementwise() || op->is_stateful()) return nullptr;
    if (op->def.output_arg_size() != 1 || !op->def.output_arg(0).number_attr().empty() ||
        !op->def.output_arg(0).type_list_attr().empty()) {
      return nullptr;
    }
    const NodeOutputs* outs = shapes->outputs(n);
    if (outs == nullptr || outs->shapes.size() != 1 || !outs->shapes[0].IsFullyDefined()) return nullptr;
    return &outs->shapes[0];
  };

  // A reduction root's group is shaped like its input 0 (the loop its producers fill).
  auto reduction_input = [&](const Node& n) -> const PartialShape* {
    if (!IsFusibleReduction(n, registry_)) return nullptr;
    const Edge* in = nullptr;
    for (const Edge* e : n.data_inputs()) {
      if (e->dst_input == 0) in = e;
    }
    const NodeOutputs* outs = shapes->outputs(n);
    const NodeOutputs* src = in == nullptr ? nullptr : shapes->outputs(*in->src);
    if (outs == nullptr || outs->shapes.size() != 1 || !outs->shapes[0].IsFullyDefined() ||
        src == nullptr || in->src_output >= static_cast<int>(src->shapes.size()) ||
        !src->shapes[in->src_output].IsFullyDefined()) {
      return nullptr;
    }
    const PartialShape& shape = src->shapes[in->src_output];
    // f32 BiasAddGrad's fused column sums keep a partial row of channels on the stack
    // (codegen::kMaxFusedColumns).
    auto t = n.def().attr().find("T");
    if (n.op() == "BiasAddGrad" && t != n.def().attr().end() && t->second.type() == DT_FLOAT &&
        (shape.rank() < 1 || shape.dim(shape.rank() - 1) > kMaxFusedColumns)) {
      return nullptr;
    }
    return &shape;
  };

  std::vector<int> group_of(graph->node_id_bound(), -1);
  std::vector<Group> groups;
  std::vector<const PartialShape*> group_shape;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node* n = *it;
    if (const PartialShape* in_shape = reduction_input(*n)) {
      group_of[n->id()] = static_cast<int>(groups.size());
      groups.push_back(Group{{n}, /*reduction=*/true});
      group_shape.push_back(in_shape);
      continue;
    }
    const PartialShape* shape = fusible(*n);
    if (shape == nullptr) continue;
    int joined = -1;
    bool can_join = !keep_.contains(n->name());
    for (const Edge* e : n->out_edges()) {
      if (!can_join) break;
      if (e->IsControl()) continue;
      const int g = group_of[e->dst->id()];
      if (g < 0 || (joined >= 0 && g != joined)) can_join = false;
      // Into a reduction only through its input 0 (never its axes).
      if (g >= 0 && groups[g].reduction && e->dst == groups[g].members.front() &&
          e->dst_input != 0) {
        can_join = false;
      }
      joined = g;
    }
    if (can_join && joined >= 0 && *group_shape[joined] == *shape) {
      group_of[n->id()] = joined;
      groups[joined].members.push_back(n);
      continue;
    }
    group_of[n->id()] = static_cast<int>(groups.size());
    groups.push_back(Group{{n}, /*reduction=*/false});
    group_shape.push_back(shape);
  }

  Fuser fuser(graph, registry_, *shapes);
  bool changed = false;
  for (const Group& group : groups) {
    if (group.members.size() < 2) continue;
    RETURN_IF_ERROR(fuser.Rewrite(group));
    changed = true;
  }
  return changed;
}

}  // namespace rill::compiler
