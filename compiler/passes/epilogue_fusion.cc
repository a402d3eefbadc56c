// Epilogue fusion: pattern matching (product -> add bias -> [relu]) and the rewrite into one fused
// node (see epilogue_fusion.h).
#include "compiler/passes/epilogue_fusion.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/fused_ops.h"
#include "graph/shape_refiner.h"
#include "graph/topological_order.h"
#include "graph/types.h"

namespace rill::compiler {
namespace {

// The single data consumer of `node`'s output 0, or null when it has none, several, or its
// other outputs are used.
Node* OnlyConsumer(const Node& node) {
  Node* consumer = nullptr;
  for (const Edge* e : node.out_edges()) {
    if (e->IsControl()) continue;
    if (e->src_output != 0 || consumer != nullptr) return nullptr;
    consumer = e->dst;
  }
  return consumer;
}

struct Match {
  Node* product = nullptr;  // MatMul or Conv2D
  Node* add = nullptr;      // AddV2 / Add of the product and the bias
  int bias_port = 0;        // the add's input holding the bias
  Node* relu = nullptr;     // or null
  Node* root() const { return relu != nullptr ? relu : add; }
};

class Matcher {
 public:
  Matcher(const ShapeRefiner& shapes, const absl::flat_hash_set<std::string>& keep)
      : shapes_(shapes), keep_(keep) {}

  // The group rooted at product `node`, if it matches.
  bool Find(Node* node, Match* match) const {
    const bool matmul = node->op() == "MatMul";
    if (!matmul && node->op() != "Conv2D") return false;
    if (!IsFloat(*node, 0) || keep_.contains(node->name())) return false;
    if (!matmul) {
      auto format = node->def().attr().find("data_format");
      if (format != node->def().attr().end() && format->second.s() != "NHWC") return false;
    }
    const NodeOutputs* out = shapes_.outputs(*node);
    if (out == nullptr || out->shapes.empty() || !out->shapes[0].rank_known() ||
        out->shapes[0].rank() < 1) {
      return false;
    }
    const int64_t channels = out->shapes[0].dim(out->shapes[0].rank() - 1);
    Node* add = OnlyConsumer(*node);
    if (add == nullptr || (add->op() != "AddV2" && add->op() != "Add") ||
        add->num_data_inputs() != 2) {
      return false;
    }
    const Edge* a = add->data_inputs()[0];
    const Edge* b = add->data_inputs()[1];
    const int bias_port = a->src == node ? 1 : 0;
    if ((bias_port == 1 ? a : b)->src != node || (bias_port == 1 ? b : a)->src == node) {
      return false;
    }
    const Edge* bias = add->data_inputs()[bias_port];
    absl::StatusOr<std::pair<DataType, PartialShape>> bias_out =
        shapes_.output(*bias->src, bias->src_output);
    if (!bias_out.ok() || BaseType(bias_out->first) != DT_FLOAT || channels < 0 ||
        !(bias_out->second == PartialShape({channels}))) {
      return false;
    }
    // The add's output must have the product's shape (the bias broadcasts into it, not the
    // other way round).
    const NodeOutputs* add_out = shapes_.outputs(*add);
    if (add_out == nullptr || add_out->shapes.empty() ||
        !(add_out->shapes[0] == out->shapes[0])) {
      return false;
    }
    match->product = node;
    match->add = add;
    match->bias_port = bias_port;
    match->relu = nullptr;
    if (keep_.contains(add->name())) return true;
    Node* relu = OnlyConsumer(*add);
    if (relu != nullptr && relu->op() == "Relu") match->relu = relu;
    return true;
  }

 private:
  bool IsFloat(const Node& node, int port) const {
    absl::StatusOr<std::pair<DataType, PartialShape>> out = shapes_.output(node, port);
    return out.ok() && out->first == DT_FLOAT;
  }

  const ShapeRefiner& shapes_;
  const absl::flat_hash_set<std::string>& keep_;
};

absl::Status Rewrite(Graph* graph, const Match& match) {
  Node* product = match.product;
  const bool matmul = product->op() == "MatMul";
  NodeDef fused;
  fused.set_name(absl::StrCat(match.root()->name(), "/rill_epilogue_tmp"));
  fused.set_op(matmul ? kFusedMatMulOp : kFusedConv2DOp);
  fused.set_device(product->device());
  auto& attrs = *fused.mutable_attr();
  for (const auto& [name, value] : product->def().attr()) {
    // MatMul's grad_a/grad_b are hints the fused op does not declare.
    if (matmul && name != "T" && name != "transpose_a" && name != "transpose_b") continue;
    attrs[name] = value;
  }
  attrs["num_args"].set_i(1);
  auto* fused_ops = attrs[kFusedOpsAttr].mutable_list();
  fused_ops->add_s("BiasAdd");
  if (match.relu != nullptr) fused_ops->add_s("Relu");

  std::vector<Node*> members = {product, match.add};
  if (match.relu != nullptr) members.push_back(match.relu);
  const Edge* bias = match.add->data_inputs()[match.bias_port];
  Node* bias_src = bias->src;
  const int bias_output = bias->src_output;
  std::vector<std::pair<Node*, int>> inputs;
  for (const Edge* e : product->data_inputs()) inputs.emplace_back(e->src, e->src_output);
  inputs.emplace_back(bias_src, bias_output);
  std::vector<Node*> control_sources, control_users;
  auto is_member = [&](const Node* n) {
    for (Node* m : members) {
      if (m == n) return true;
    }
    return false;
  };
  for (Node* m : members) {
    for (const Edge* e : m->control_inputs()) {
      if (!is_member(e->src)) control_sources.push_back(e->src);
    }
    for (const Edge* e : m->out_edges()) {
      if (e->IsControl() && !is_member(e->dst)) control_users.push_back(e->dst);
    }
  }
  ASSIGN_OR_RETURN(Node * node, graph->AddNode(std::move(fused)));
  for (const auto& [src, port] : inputs) {
    RETURN_IF_ERROR(graph->AddDataInput(node, src, port).status());
  }
  for (Node* src : control_sources) RETURN_IF_ERROR(graph->AddControlInput(node, src).status());
  Node* root = match.root();
  RETURN_IF_ERROR(graph->ReplaceAllUsesWith(root, 0, node, 0).status());
  for (Node* user : control_users) RETURN_IF_ERROR(graph->AddControlInput(user, node).status());
  const std::string root_name = root->name();
  RETURN_IF_ERROR(graph->RemoveNodes(members));
  return graph->RenameNode(node, root_name);
}

}  // namespace

absl::StatusOr<bool> EpilogueFusion::Run(Graph* graph) {
  ASSIGN_OR_RETURN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(*graph, registry_));
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(*graph));
  // Match everything on the unchanged graph first (groups are disjoint: each member is the only
  // consumer of the previous one), then rewrite.
  Matcher matcher(*shapes, keep_);
  std::vector<Match> matches;
  for (Node* node : order) {
    Match match;
    if (matcher.Find(node, &match)) matches.push_back(match);
  }
  for (const Match& match : matches) RETURN_IF_ERROR(Rewrite(graph, match));
  return !matches.empty();
}

}  // namespace rill::compiler
