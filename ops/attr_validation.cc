// Attr checks against an OpDef and default filling.
#include "ops/attr_validation.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"

namespace rill {
namespace {

// Longest string value quoted in a message.
constexpr size_t kMaxQuotedChars = 40;

// The AttrValue case a scalar attr type is stored in; VALUE_NOT_SET for an unknown type name.
AttrValue::ValueCase ScalarCase(absl::string_view type) {
  if (type == "string") return AttrValue::kS;
  if (type == "int") return AttrValue::kI;
  if (type == "float") return AttrValue::kF;
  if (type == "bool") return AttrValue::kB;
  if (type == "type") return AttrValue::kType;
  if (type == "shape") return AttrValue::kShape;
  if (type == "tensor") return AttrValue::kTensor;
  if (type == "func") return AttrValue::kFunc;
  return AttrValue::VALUE_NOT_SET;
}

// Splits "list(int)" into ("int", true) and "int" into ("int", false).
std::pair<absl::string_view, bool> ElementType(absl::string_view type) {
  if (absl::StartsWith(type, "list(") && absl::EndsWith(type, ")")) {
    return {type.substr(5, type.size() - 6), true};
  }
  return {type, false};
}

// The element kinds a ListValue holds, by OpDef type name, with their counts.
std::vector<std::pair<const char*, int>> ListCounts(const AttrValue::ListValue& list) {
  return {{"string", list.s_size()},      {"int", list.i_size()},     {"float", list.f_size()},
          {"bool", list.b_size()},        {"type", list.type_size()}, {"shape", list.shape_size()},
          {"tensor", list.tensor_size()}, {"func", list.func_size()}};
}

int ListSize(const AttrValue::ListValue& list, absl::string_view elem) {
  for (const auto& [kind, count] : ListCounts(list)) {
    if (elem == kind) return count;
  }
  return 0;
}

std::string Quote(const std::string& s) {
  std::string shown = s.size() > kMaxQuotedChars ? s.substr(0, kMaxQuotedChars) + "..." : s;
  return absl::StrCat("\"", absl::CEscape(shown), "\"");
}

// A short rendering of a scalar value for messages ("" for kinds without a short form).
std::string ShortValue(const AttrValue& v) {
  switch (v.value_case()) {
    case AttrValue::kS:
      return Quote(v.s());
    case AttrValue::kI:
      return absl::StrCat(v.i());
    case AttrValue::kF:
      return absl::StrCat(v.f());
    case AttrValue::kB:
      return v.b() ? "true" : "false";
    case AttrValue::kType:
      return DataTypeString(v.type());
    default:
      return "";
  }
}

std::string AllowedTypes(const OpDef::AttrDef& attr) {
  std::vector<std::string> names;
  for (int t : attr.allowed_values().list().type())
    names.push_back(DataTypeString(static_cast<DataType>(t)));
  return absl::StrCat("{", absl::StrJoin(names, ", "), "}");
}

absl::Status CheckType(const OpDef::AttrDef& attr, DataType t) {
  if (t == DT_INVALID || !DataType_IsValid(t)) {
    return absl::InvalidArgumentError(
        absl::StrCat("attr '", attr.name(), "' holds the invalid type ", DataTypeString(t)));
  }
  const auto& allowed = attr.allowed_values().list().type();
  if (allowed.empty() || std::find(allowed.begin(), allowed.end(), t) != allowed.end()) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat("attr '", attr.name(), "' is ", DataTypeString(t),
                                                 ", not one of the allowed types ",
                                                 AllowedTypes(attr)));
}

absl::Status CheckString(const OpDef::AttrDef& attr, const std::string& s) {
  const auto& allowed = attr.allowed_values().list().s();
  if (allowed.empty() || std::find(allowed.begin(), allowed.end(), s) != allowed.end()) {
    return absl::OkStatus();
  }
  std::vector<std::string> quoted;
  for (const std::string& a : allowed) quoted.push_back(Quote(a));
  return absl::InvalidArgumentError(absl::StrCat("attr '", attr.name(), "' is ", Quote(s),
                                                 ", not one of {", absl::StrJoin(quoted, ", "),
                                                 "}"));
}

absl::Status CheckShape(const OpDef::AttrDef& attr, const TensorShapeProto& shape) {
  absl::StatusOr<PartialShape> parsed = PartialShape::FromProto(shape);
  if (!parsed.ok())
    return internal::AddContext(parsed.status(), absl::StrCat("attr '", attr.name(), "'"));
  return absl::OkStatus();
}

// Kind check: the AttrValue holds what the declared type says.
absl::Status CheckKind(const OpDef::AttrDef& attr, const AttrValue& value) {
  const auto [elem, is_list] = ElementType(attr.type());
  const AttrValue::ValueCase expected = is_list ? AttrValue::kList : ScalarCase(elem);
  if (ScalarCase(elem) == AttrValue::VALUE_NOT_SET) {
    return absl::InvalidArgumentError(
        absl::StrCat("attr '", attr.name(), "' is declared with unknown type '", attr.type(), "'"));
  }
  if (value.value_case() == AttrValue::VALUE_NOT_SET) {
    return absl::InvalidArgumentError(
        absl::StrCat("attr '", attr.name(), "' has no value, but the op declares ", attr.type()));
  }
  if (value.value_case() != expected) {
    const std::string shown = ShortValue(value);
    return absl::InvalidArgumentError(
        absl::StrCat("attr '", attr.name(), "' holds a ", AttrValueKind(value), " value",
                     shown.empty() ? "" : " ", shown, ", but the op declares ", attr.type()));
  }
  if (!is_list) return absl::OkStatus();
  for (const auto& [kind, count] : ListCounts(value.list())) {
    if (count > 0 && elem != kind) {
      return absl::InvalidArgumentError(absl::StrCat("attr '", attr.name(), "' is a list of ", kind,
                                                     ", but the op declares ", attr.type()));
    }
  }
  return absl::OkStatus();
}

// Value checks: valid and allowed types/strings, well-formed shapes, minimums.
absl::Status CheckContents(const OpDef::AttrDef& attr, const AttrValue& value) {
  const auto [elem, is_list] = ElementType(attr.type());
  if (!is_list) {
    if (elem == "type") RETURN_IF_ERROR(CheckType(attr, value.type()));
    if (elem == "string") RETURN_IF_ERROR(CheckString(attr, value.s()));
    if (elem == "shape") RETURN_IF_ERROR(CheckShape(attr, value.shape()));
    if (attr.has_minimum() && elem == "int" && value.i() < attr.minimum()) {
      return absl::InvalidArgumentError(absl::StrCat("attr '", attr.name(), "' is ", value.i(),
                                                     ", less than the minimum ", attr.minimum()));
    }
    return absl::OkStatus();
  }
  const AttrValue::ListValue& list = value.list();
  if (elem == "type") {
    for (int t : list.type()) RETURN_IF_ERROR(CheckType(attr, static_cast<DataType>(t)));
  }
  if (elem == "string") {
    for (const std::string& s : list.s()) RETURN_IF_ERROR(CheckString(attr, s));
  }
  if (elem == "shape") {
    for (const TensorShapeProto& s : list.shape()) RETURN_IF_ERROR(CheckShape(attr, s));
  }
  const int size = ListSize(list, elem);
  if (attr.has_minimum() && size < attr.minimum()) {
    return absl::InvalidArgumentError(absl::StrCat("attr '", attr.name(), "' has ", size,
                                                   " elements, fewer than the minimum ",
                                                   attr.minimum()));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsValidAttrType(const std::string& type) {
  return ScalarCase(ElementType(type).first) != AttrValue::VALUE_NOT_SET;
}

absl::Status CheckAttrValue(const OpDef::AttrDef& attr, const AttrValue& value) {
  RETURN_IF_ERROR(CheckKind(attr, value));
  return CheckContents(attr, value);
}

absl::Status ValidateNodeAttrs(const OpDef& def, const AttrMap& attrs) {
  std::vector<std::string> names;
  names.reserve(attrs.size());
  for (const auto& [name, value] : attrs) names.push_back(name);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (absl::StartsWith(name, "_")) continue;  // internal attrs (_class, _output_shapes, ...)
    const bool declared = std::any_of(def.attr().begin(), def.attr().end(),
                                      [&](const OpDef::AttrDef& a) { return a.name() == name; });
    if (declared) continue;
    std::vector<std::string> known;
    for (const OpDef::AttrDef& a : def.attr()) known.push_back(a.name());
    return absl::InvalidArgumentError(
        absl::StrCat("unknown attr '", name, "' (op ", def.name(), " declares ",
                     known.empty() ? "no attrs" : absl::StrJoin(known, ", "), ")"));
  }
  for (const OpDef::AttrDef& attr : def.attr()) {
    auto it = attrs.find(attr.name());
    const AttrValue* value = it != attrs.end()          ? &it->second
                             : attr.has_default_value() ? &attr.default_value()
                                                        : nullptr;
    if (value == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("missing attr '", attr.name(), "' (", attr.type(), ")"));
    }
    RETURN_IF_ERROR(CheckAttrValue(attr, *value));
  }
  return absl::OkStatus();
}

int AddDefaultAttrs(const OpDef& def, AttrMap* attrs) {
  int added = 0;
  for (const OpDef::AttrDef& attr : def.attr()) {
    if (!attr.has_default_value() || attrs->contains(attr.name())) continue;
    (*attrs)[attr.name()] = attr.default_value();
    ++added;
  }
  return added;
}

}  // namespace rill
