// OpRegistry storage and lookup, OpDef well-formedness checks, and signature strings for listings.
#include "ops/op_registry.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"
#include "ops/attr_validation.h"

namespace rill {
namespace {

// TensorFlow's op-name rule: [A-Z][a-zA-Z0-9>_]*.
bool IsValidOpName(absl::string_view name) {
  if (name.empty() || !absl::ascii_isupper(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '_' || c == '>'; });
}

bool IsArgOrAttrName(absl::string_view name) {
  if (name.empty() || !(absl::ascii_isalpha(name[0]) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '_'; });
}

const OpDef::AttrDef* FindAttrIn(const OpDef& def, absl::string_view name) {
  for (const OpDef::AttrDef& a : def.attr()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

absl::Status ValidateAttrDefs(const OpDef& def) {
  absl::flat_hash_set<std::string> seen;
  for (const OpDef::AttrDef& attr : def.attr()) {
    if (!IsArgOrAttrName(attr.name())) {
      return absl::InvalidArgumentError(absl::StrCat("attr name '", attr.name(), "' is invalid"));
    }
    if (!seen.insert(attr.name()).second) {
      return absl::InvalidArgumentError(absl::StrCat("attr '", attr.name(), "' declared twice"));
    }
    if (!IsValidAttrType(attr.type())) {
      return absl::InvalidArgumentError(
          absl::StrCat("attr '", attr.name(), "' has unknown type '", attr.type(), "'"));
    }
    if (attr.has_default_value()) {
      RETURN_IF_ERROR_WITH_CONTEXT(CheckAttrValue(attr, attr.default_value()),
                                   absl::StrCat("default of attr '", attr.name(), "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateArg(const OpDef& def, const OpDef::ArgDef& arg) {
  auto error = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("arg '", arg.name(), "': ", why));
  };
  if (!IsArgOrAttrName(arg.name())) return error("invalid name");
  const int kinds =
      (arg.type() != DT_INVALID) + !arg.type_attr().empty() + !arg.type_list_attr().empty();
  if (kinds != 1) return error("needs exactly one of type, type_attr, type_list_attr");
  auto attr_of_type = [&](const std::string& name, absl::string_view type) -> absl::Status {
    const OpDef::AttrDef* a = FindAttrIn(def, name);
    if (a == nullptr || a->type() != type) {
      return error(absl::StrCat("'", name, "' is not a declared ", type, " attr"));
    }
    return absl::OkStatus();
  };
  if (!arg.type_attr().empty()) RETURN_IF_ERROR(attr_of_type(arg.type_attr(), "type"));
  if (!arg.type_list_attr().empty()) {
    RETURN_IF_ERROR(attr_of_type(arg.type_list_attr(), "list(type)"));
  }
  if (!arg.number_attr().empty()) {
    RETURN_IF_ERROR(attr_of_type(arg.number_attr(), "int"));
    if (!arg.type_list_attr().empty()) return error("number_attr and type_list_attr together");
  }
  return absl::OkStatus();
}

absl::Status ValidateArgs(const OpDef& def,
                          const google::protobuf::RepeatedPtrField<OpDef::ArgDef>& args) {
  absl::flat_hash_set<std::string> seen;
  for (const OpDef::ArgDef& arg : args) {
    RETURN_IF_ERROR(ValidateArg(def, arg));
    if (!seen.insert(arg.name()).second) {
      return absl::InvalidArgumentError(absl::StrCat("arg '", arg.name(), "' declared twice"));
    }
  }
  return absl::OkStatus();
}

std::string ArgString(const OpDef::ArgDef& arg) {
  std::string type = !arg.type_attr().empty()        ? arg.type_attr()
                     : !arg.type_list_attr().empty() ? arg.type_list_attr()
                                                     : DataTypeString(arg.type());
  if (!arg.number_attr().empty()) type = absl::StrCat(arg.number_attr(), " * ", type);
  if (arg.is_ref()) type = absl::StrCat("Ref(", type, ")");
  return absl::StrCat(arg.name(), ": ", type);
}

std::string ValueString(const AttrValue& v) {
  switch (v.value_case()) {
    case AttrValue::kS:
      return absl::StrCat("'", v.s(), "'");
    case AttrValue::kI:
      return absl::StrCat(v.i());
    case AttrValue::kF:
      return absl::StrCat(v.f());
    case AttrValue::kB:
      return v.b() ? "true" : "false";
    case AttrValue::kType:
      return DataTypeString(v.type());
    case AttrValue::kShape: {
      absl::StatusOr<PartialShape> s = PartialShape::FromProto(v.shape());
      return s.ok() ? s->DebugString() : "<bad shape>";
    }
    case AttrValue::kList: {
      std::vector<std::string> items;
      for (int64_t i : v.list().i()) items.push_back(absl::StrCat(i));
      for (int t : v.list().type()) items.push_back(DataTypeString(static_cast<DataType>(t)));
      for (const std::string& s : v.list().s()) items.push_back(absl::StrCat("'", s, "'"));
      for (float f : v.list().f()) items.push_back(absl::StrCat(f));
      for (bool b : v.list().b()) items.push_back(b ? "true" : "false");
      return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
    }
    default:
      return absl::StrCat("<", AttrValueKind(v), ">");
  }
}

std::string AttrString(const OpDef::AttrDef& attr) {
  std::string type = attr.type();
  const auto& allowed = attr.allowed_values().list();
  if (allowed.type_size() > 0 || allowed.s_size() > 0) {
    AttrValue set;
    *set.mutable_list() = allowed;
    std::string items = ValueString(set);
    items = absl::StrCat("{", items.substr(1, items.size() - 2), "}");
    type = absl::StartsWith(type, "list(") ? absl::StrCat("list(", items, ")") : items;
  }
  std::string out = absl::StrCat(attr.name(), ": ", type);
  if (attr.has_minimum()) absl::StrAppend(&out, " >= ", attr.minimum());
  if (attr.has_default_value()) absl::StrAppend(&out, " = ", ValueString(attr.default_value()));
  return out;
}

}  // namespace

const OpDef::AttrDef* OpRegistration::FindAttr(absl::string_view name) const {
  return FindAttrIn(def, name);
}

OpRegistry* OpRegistry::Global() {
  static OpRegistry* const global = new OpRegistry();
  return global;
}

absl::Status OpRegistry::Register(OpRegistration op) {
  RETURN_IF_ERROR_WITH_CONTEXT(ValidateOpDef(op.def),
                               absl::StrCat("registering op '", op.name(), "'"));
  absl::MutexLock lock(&mu_);
  if (ops_.contains(op.name())) {
    return absl::AlreadyExistsError(absl::StrCat("op '", op.name(), "' is already registered"));
  }
  std::string name = op.name();
  ops_.emplace(std::move(name), std::make_unique<const OpRegistration>(std::move(op)));
  return absl::OkStatus();
}

const OpRegistration* OpRegistry::Find(absl::string_view op) const {
  absl::MutexLock lock(&mu_);
  auto it = ops_.find(op);
  return it == ops_.end() ? nullptr : it->second.get();
}

absl::StatusOr<const OpRegistration*> OpRegistry::LookUp(absl::string_view op) const {
  const OpRegistration* found = Find(op);
  if (found == nullptr) return absl::NotFoundError(absl::StrCat("op '", op, "' is not registered"));
  return found;
}

std::vector<const OpRegistration*> OpRegistry::List() const {
  std::vector<const OpRegistration*> out;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [name, op] : ops_) out.push_back(op.get());
  }
  std::sort(out.begin(), out.end(),
            [](const OpRegistration* a, const OpRegistration* b) { return a->name() < b->name(); });
  return out;
}

int OpRegistry::size() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(ops_.size());
}

absl::Status ValidateOpDef(const OpDef& def) {
  if (!IsValidOpName(def.name())) {
    return absl::InvalidArgumentError(
        absl::StrCat("op name '", def.name(), "' must match [A-Z][a-zA-Z0-9>_]*"));
  }
  const std::string context = absl::StrCat("op '", def.name(), "'");
  RETURN_IF_ERROR_WITH_CONTEXT(ValidateAttrDefs(def), context);
  RETURN_IF_ERROR_WITH_CONTEXT(ValidateArgs(def, def.input_arg()), context);
  RETURN_IF_ERROR_WITH_CONTEXT(ValidateArgs(def, def.output_arg()), context);
  return absl::OkStatus();
}

std::string OpSignatureString(const OpRegistration& op) {
  const OpDef& def = op.def;
  std::vector<std::string> inputs, outputs, attrs, flags;
  for (const auto& a : def.input_arg()) inputs.push_back(ArgString(a));
  for (const auto& a : def.output_arg()) outputs.push_back(ArgString(a));
  for (const auto& a : def.attr()) attrs.push_back(AttrString(a));
  if (def.is_stateful()) flags.push_back("stateful");
  if (def.is_commutative()) flags.push_back("commutative");
  if (def.is_aggregate()) flags.push_back("aggregate");
  if (op.traits.elementwise) flags.push_back("elementwise");
  std::string out = absl::StrCat(def.name(), "(", absl::StrJoin(inputs, ", "), ") -> (",
                                 absl::StrJoin(outputs, ", "), ")");
  if (!attrs.empty()) absl::StrAppend(&out, "; attrs: ", absl::StrJoin(attrs, ", "));
  if (!flags.empty()) absl::StrAppend(&out, "; flags: ", absl::StrJoin(flags, ", "));
  return out;
}

}  // namespace rill
