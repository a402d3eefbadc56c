// The golden-test graph text form (see graph_printer.h).
#include "compiler/testing/graph_printer.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"

namespace rill::compiler::testing {
namespace {

std::string ShapeString(const TensorShapeProto& proto) {
  absl::StatusOr<PartialShape> shape = PartialShape::FromProto(proto);
  return shape.ok() ? shape->DebugString() : "<bad shape>";
}

std::string TensorString(const TensorProto& proto) {
  absl::StatusOr<Tensor> tensor = Tensor::FromProto(proto);
  return tensor.ok() ? tensor->DebugString(8) : "<bad tensor>";
}

std::string ListString(const AttrValue::ListValue& list) {
  std::vector<std::string> items;
  for (const std::string& s : list.s()) items.push_back(absl::StrCat("\"", s, "\""));
  for (int64_t i : list.i()) items.push_back(absl::StrCat(i));
  for (float f : list.f()) items.push_back(absl::StrCat(f));
  for (bool b : list.b()) items.push_back(b ? "true" : "false");
  for (int t : list.type()) items.push_back(DataTypeString(static_cast<DataType>(t)));
  for (const TensorShapeProto& s : list.shape()) items.push_back(ShapeString(s));
  for (const TensorProto& t : list.tensor()) items.push_back(TensorString(t));
  for (const NameAttrList& f : list.func()) items.push_back(f.name());
  return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
}

// "x" for port 0, else "x:port"; "^x" for a control input.
std::string EdgeSource(const Edge& e) {
  if (e.IsControl()) return absl::StrCat("^", e.src->name());
  return e.src_output == 0 ? e.src->name() : absl::StrCat(e.src->name(), ":", e.src_output);
}

std::string NodeLine(const Node& n) {
  std::vector<std::string> inputs;
  for (const Edge* e : n.data_inputs()) inputs.push_back(EdgeSource(*e));
  std::vector<std::string> controls;
  for (const Edge* e : n.control_inputs()) controls.push_back(EdgeSource(*e));
  std::sort(controls.begin(), controls.end());
  inputs.insert(inputs.end(), controls.begin(), controls.end());
  std::map<std::string, std::string> attrs;  // sorted by name
  for (const auto& [name, value] : n.attrs()) attrs[name] = AttrValueToShortString(value);
  std::string line = absl::StrCat(n.name(), " = ", n.op(), "(", absl::StrJoin(inputs, ", "), ")");
  if (!attrs.empty()) {
    absl::StrAppend(&line, " {", absl::StrJoin(attrs, ", ", absl::PairFormatter("=")), "}");
  }
  if (!n.device().empty()) absl::StrAppend(&line, " @", n.device());
  return line;
}

}  // namespace

std::string AttrValueToShortString(const AttrValue& value) {
  switch (value.value_case()) {
    case AttrValue::kS:
      return absl::StrCat("\"", value.s(), "\"");
    case AttrValue::kI:
      return absl::StrCat(value.i());
    case AttrValue::kF:
      return absl::StrCat(value.f());
    case AttrValue::kB:
      return value.b() ? "true" : "false";
    case AttrValue::kType:
      return DataTypeString(value.type());
    case AttrValue::kShape:
      return ShapeString(value.shape());
    case AttrValue::kTensor:
      return TensorString(value.tensor());
    case AttrValue::kList:
      return ListString(value.list());
    case AttrValue::kFunc:
      return value.func().name();
    case AttrValue::kPlaceholder:
      return absl::StrCat("$", value.placeholder());
    case AttrValue::VALUE_NOT_SET:
      break;
  }
  return "<unset>";
}

std::string PrintGraph(const Graph& graph) {
  // Kahn's algorithm with a name-ordered ready set: stable under renumbering.
  std::vector<int> pending(graph.node_id_bound(), 0);
  using Entry = std::pair<std::string, Node*>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> ready;
  for (Node* n : graph.nodes()) {
    pending[n->id()] = n->num_data_inputs() + static_cast<int>(n->control_inputs().size());
    if (pending[n->id()] == 0) ready.emplace(n->name(), n);
  }
  std::string out;
  std::vector<bool> printed(graph.node_id_bound(), false);
  while (!ready.empty()) {
    Node* n = ready.top().second;
    ready.pop();
    printed[n->id()] = true;
    absl::StrAppend(&out, NodeLine(*n), "\n");
    for (const Edge* e : n->out_edges()) {
      if (--pending[e->dst->id()] == 0) ready.emplace(e->dst->name(), e->dst);
    }
  }
  std::map<std::string, const Node*> rest;
  for (const Node* n : graph.nodes()) {
    if (!printed[n->id()]) rest[n->name()] = n;
  }
  for (const auto& [name, n] : rest) absl::StrAppend(&out, NodeLine(*n), "  // cycle\n");
  return out;
}

}  // namespace rill::compiler::testing
