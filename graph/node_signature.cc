// Per-node checks against the op registry: op lookup, attrs, input count, input ports and dtypes.
#include "graph/node_signature.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/types.h"
#include "ops/attr_validation.h"

namespace rill {

std::string NodeContext(const Node& node) {
  return absl::StrCat("node '", node.name(), "' (", node.op(), ")");
}

absl::StatusOr<NodeSignature> ResolveNodeSignature(const Node& node, const OpRegistry& registry) {
  const std::string context = NodeContext(node);
  NodeSignature sig;
  sig.op = registry.Find(node.op());
  if (sig.op == nullptr) {
    return absl::NotFoundError(absl::StrCat(context, ": op '", node.op(), "' is not registered"));
  }
  const OpDef& def = sig.op->def;
  RETURN_IF_ERROR_WITH_CONTEXT(ValidateNodeAttrs(def, node.attrs()), context);
  const AttrSlice attrs(node.attrs(), &def);
  absl::StatusOr<ResolvedArgs> inputs = ResolveArgs(def.input_arg(), attrs);
  if (!inputs.ok()) return internal::AddContext(inputs.status(), context);
  absl::StatusOr<ResolvedArgs> outputs = ResolveArgs(def.output_arg(), attrs);
  if (!outputs.ok()) return internal::AddContext(outputs.status(), context);
  sig.inputs = *std::move(inputs);
  sig.outputs = *std::move(outputs);
  if (node.num_data_inputs() != sig.inputs.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        context, ": expects ", sig.inputs.size(), " data input", sig.inputs.size() == 1 ? "" : "s",
        " ", ArgNames(def.input_arg()), ", got ", node.num_data_inputs()));
  }
  return sig;
}

absl::Status CheckDataInput(const Node& node, const NodeSignature& sig, int i,
                            const std::vector<DataType>& producer_outputs) {
  const Edge* e = node.data_inputs()[i];
  const std::string slot = SlotName(sig.op->def.input_arg(), sig.inputs, i);
  const std::string where =
      absl::StrCat(NodeContext(node), ": input ", i, " (", slot, ") '", node.DataInputName(i), "'");
  const int available = static_cast<int>(producer_outputs.size());
  if (e->src_output >= available) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": port ", e->src_output, " does not exist; '", e->src->name(), "' (",
                     e->src->op(), ") has ", available, " output", available == 1 ? "" : "s"));
  }
  const DataType expected = sig.inputs.dtypes[i];
  const DataType actual = producer_outputs[e->src_output];
  const bool matches = expected == actual || (!IsRefType(expected) && BaseType(actual) == expected);
  if (matches) return absl::OkStatus();
  const OpDef::ArgDef& arg = sig.op->def.input_arg(sig.inputs.arg_of_slot[i]);
  const std::string& attr = !arg.type_attr().empty() ? arg.type_attr() : arg.type_list_attr();
  return absl::InvalidArgumentError(
      absl::StrCat(where, " is ", DataTypeString(actual), ", expected ", DataTypeString(expected),
                   attr.empty() ? "" : absl::StrCat(" (attr ", attr, ")")));
}

}  // namespace rill
