// OpBuilder::Build: name, attrs, edges, then ShapeRefiner::AddNode; errors go to the scope.
#include "graph/op_builder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ops/attr_validation.h"

namespace rill {

OpBuilder::OpBuilder(const Scope& scope, absl::string_view op_type)
    : scope_(scope), op_type_(op_type) {}

OpBuilder& OpBuilder::Input(const Output& input) {
  inputs_.push_back(input);
  return *this;
}

OpBuilder& OpBuilder::ControlInput(const Operation& op) {
  control_inputs_.push_back(op);
  return *this;
}

OpBuilder& OpBuilder::Attr(absl::string_view name, AttrValue value) {
  (*def_.mutable_attr())[std::string(name)] = std::move(value);
  return *this;
}

OpBuilder& OpBuilder::Attr(absl::string_view name, DataType value) {
  AttrValue v;
  v.set_type(value);
  return Attr(name, std::move(v));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, bool value) {
  AttrValue v;
  v.set_b(value);
  return Attr(name, std::move(v));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, int64_t value) {
  AttrValue v;
  v.set_i(value);
  return Attr(name, std::move(v));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, int value) {
  return Attr(name, static_cast<int64_t>(value));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, const char* value) {
  return Attr(name, absl::string_view(value));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, float value) {
  AttrValue v;
  v.set_f(value);
  return Attr(name, std::move(v));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, absl::string_view value) {
  AttrValue v;
  v.set_s(std::string(value));
  return Attr(name, std::move(v));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, const PartialShape& value) {
  AttrValue v;
  value.ToProto(v.mutable_shape());
  return Attr(name, std::move(v));
}

OpBuilder& OpBuilder::Attr(absl::string_view name, const Tensor& value) {
  AttrValue v;
  value.ToProto(v.mutable_tensor());
  return Attr(name, std::move(v));
}

void OpBuilder::InferAttrs(const OpRegistration& op, NodeDef* def) const {
  // Single-tensor args consume one input each, in order; stop at the first list arg, whose size
  // the builder cannot know.
  int next_input = 0;
  for (const OpDef::ArgDef& arg : op.def.input_arg()) {
    if (!arg.number_attr().empty() || !arg.type_list_attr().empty()) break;
    if (next_input >= static_cast<int>(inputs_.size())) break;
    const Output& in = inputs_[next_input++];
    if (arg.type_attr().empty() || def->attr().contains(arg.type_attr())) continue;
    AttrValue v;
    // A type attr is always a base type: for "ref: Ref(T)" fed by a float_ref, T is float.
    v.set_type(BaseType(in.dtype()));
    (*def->mutable_attr())[arg.type_attr()] = std::move(v);
  }
  AddDefaultAttrs(op.def, def->mutable_attr());
}

Operation OpBuilder::Build() {
  if (!scope_.ok()) return Operation();
  NodeDef def = def_;
  def.set_name(scope_.GetUniqueNameForOp(op_type_));
  def.set_op(op_type_);
  const std::string context = absl::StrCat("node '", def.name(), "' (", op_type_, ")");
  auto fail = [&](const absl::Status& error) {
    scope_.UpdateStatus(absl::Status(error.code(), absl::StrCat(context, ": ", error.message())));
    return Operation();
  };
  Graph* graph = scope_.graph();
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const Output& in = inputs_[i];
    if (!in.valid()) {
      return fail(absl::InvalidArgumentError(absl::StrCat(
          "input ", i, " is an invalid Output (default-constructed or from a failed call)")));
    }
    if (graph->node(in.node()->id()) != in.node()) {
      return fail(absl::InvalidArgumentError(
          absl::StrCat("input ", i, " ('", in.name(), "') belongs to another graph")));
    }
  }
  if (const OpRegistration* op = scope_.registry().Find(op_type_); op != nullptr) {
    InferAttrs(*op, &def);
  }
  absl::StatusOr<Node*> added = graph->AddNode(std::move(def));
  if (!added.ok()) return fail(added.status());
  Node* node = *added;
  for (const Output& in : inputs_) {
    absl::StatusOr<const Edge*> e = graph->AddDataInput(node, in.node(), in.index());
    if (!e.ok()) return fail(e.status());
  }
  std::vector<Node*> control = scope_.control_deps();
  for (const Operation& op : control_inputs_) {
    if (!op.valid()) return fail(absl::InvalidArgumentError("invalid control input Operation"));
    control.push_back(op.node());
  }
  for (Node* dep : control) {
    absl::StatusOr<const Edge*> e = graph->AddControlInput(node, dep);
    if (!e.ok()) return fail(e.status());
  }
  if (absl::Status s = scope_.mutable_refiner()->AddNode(*node); !s.ok()) {
    // The refiner's message already names the node; keep the graph free of the bad node.
    (void)graph->RemoveNode(node);
    scope_.UpdateStatus(s);
    return Operation();
  }
  const NodeOutputs& outs = *scope_.refiner().outputs(*node);
  std::vector<Output> outputs;
  for (size_t i = 0; i < outs.dtypes.size(); ++i) {
    outputs.emplace_back(node, static_cast<int>(i), outs.dtypes[i], outs.shapes[i]);
  }
  return Operation(node, std::move(outputs));
}

}  // namespace rill
