// Parsing of TensorFlow-style op spec strings into an OpDef, and the static registrar.
#include "ops/op_def_builder.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/check.h"
#include "base/status_macros.h"
#include "google/protobuf/text_format.h"
#include "graph/types.h"
#include "ops/attr_validation.h"

namespace rill {
namespace {

absl::Status SpecError(absl::string_view spec, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("spec '", spec, "': ", why));
}

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || !(absl::ascii_isalpha(s[0]) || s[0] == '_')) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

// "float" (TensorFlow's spelling) or "DT_FLOAT" -> the non-ref DataType.
absl::StatusOr<DataType> ParseDataType(absl::string_view name) {
  DataType parsed;
  if (DataType_Parse(std::string(name), &parsed) && parsed != DT_INVALID && !IsRefType(parsed)) {
    return parsed;
  }
  const google::protobuf::EnumDescriptor* desc = DataType_descriptor();
  for (int i = 0; i < desc->value_count(); ++i) {
    const auto t = static_cast<DataType>(desc->value(i)->number());
    if (t != DT_INVALID && !IsRefType(t) && DataTypeString(t) == name) return t;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown type '", name, "'"));
}

// Splits "name: rest" and checks the name.
absl::StatusOr<std::pair<std::string, std::string>> SplitNameAndRest(absl::string_view spec) {
  const size_t colon = spec.find(':');
  if (colon == absl::string_view::npos) return SpecError(spec, "expected 'name: ...'");
  std::string name(absl::StripAsciiWhitespace(spec.substr(0, colon)));
  std::string rest(absl::StripAsciiWhitespace(spec.substr(colon + 1)));
  if (!IsIdentifier(name)) return SpecError(spec, absl::StrCat("'", name, "' is not a valid name"));
  if (rest.empty()) return SpecError(spec, "missing type");
  return std::make_pair(std::move(name), std::move(rest));
}

// Position of the first '=' outside quotes and braces, or npos.
size_t FindDefaultSeparator(absl::string_view s) {
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '{' || c == '[' || c == '(') {
      ++depth;
    } else if (c == '}' || c == ']' || c == ')') {
      --depth;
    } else if (c == '=' && depth == 0 && (i + 1 >= s.size() || s[i + 1] != '=') &&
               (i == 0 || (s[i - 1] != '>' && s[i - 1] != '<'))) {
      return i;
    }
  }
  return absl::string_view::npos;
}

bool IsQuoted(absl::string_view s) {
  return s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front();
}

// Parses "{a, b}" into the attr's allowed values and sets its type ("type" or "string").
absl::Status ParseAllowedSet(absl::string_view spec, absl::string_view set, bool is_list,
                             OpDef::AttrDef* attr) {
  absl::string_view body = set.substr(1, set.size() - 2);
  bool strings = false;
  bool types = false;
  for (absl::string_view item : absl::StrSplit(body, ',', absl::SkipWhitespace())) {
    item = absl::StripAsciiWhitespace(item);
    if (IsQuoted(item)) {
      strings = true;
      attr->mutable_allowed_values()->mutable_list()->add_s(
          std::string(item.substr(1, item.size() - 2)));
    } else {
      types = true;
      absl::StatusOr<DataType> t = ParseDataType(item);
      if (!t.ok()) return SpecError(spec, t.status().message());
      attr->mutable_allowed_values()->mutable_list()->add_type(*t);
    }
  }
  if (strings == types)
    return SpecError(spec, "allowed set must be all types or all quoted strings");
  const char* elem = types ? "type" : "string";
  attr->set_type(is_list ? absl::StrCat("list(", elem, ")") : elem);
  return absl::OkStatus();
}

// Parses one scalar default `text` of element type `elem` into `out`.
absl::Status ParseScalarDefault(absl::string_view elem, absl::string_view text, AttrValue* out) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat("bad default '", text, "' for ", elem));
  };
  if (elem == "type") {
    ASSIGN_OR_RETURN(DataType t, ParseDataType(text));
    out->set_type(t);
  } else if (elem == "bool") {
    if (text != "true" && text != "false") return bad();
    out->set_b(text == "true");
  } else if (elem == "int") {
    int64_t v;
    if (!absl::SimpleAtoi(text, &v)) return bad();
    out->set_i(v);
  } else if (elem == "float") {
    float v;
    if (!absl::SimpleAtof(text, &v)) return bad();
    out->set_f(v);
  } else if (elem == "string") {
    if (!IsQuoted(text)) return bad();
    out->set_s(std::string(text.substr(1, text.size() - 2)));
  } else if (elem == "shape" || elem == "tensor") {
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') return bad();
    const std::string proto_text = absl::StrCat(elem, " ", text);
    if (!google::protobuf::TextFormat::ParseFromString(proto_text, out)) return bad();
  } else {
    return bad();
  }
  return absl::OkStatus();
}

// Parses a default for attr type `type` (scalar or "list(x)" with "[a, b]").
absl::Status ParseDefault(absl::string_view type, absl::string_view text, AttrValue* out) {
  if (!(absl::StartsWith(type, "list(") && absl::EndsWith(type, ")"))) {
    return ParseScalarDefault(type, text, out);
  }
  absl::string_view elem = type.substr(5, type.size() - 6);
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') {
    return absl::InvalidArgumentError(absl::StrCat("bad default '", text, "' for ", type));
  }
  AttrValue::ListValue* list = out->mutable_list();
  for (absl::string_view item :
       absl::StrSplit(text.substr(1, text.size() - 2), ',', absl::SkipWhitespace())) {
    AttrValue one;
    RETURN_IF_ERROR(ParseScalarDefault(elem, absl::StripAsciiWhitespace(item), &one));
    switch (one.value_case()) {
      case AttrValue::kType:
        list->add_type(one.type());
        break;
      case AttrValue::kB:
        list->add_b(one.b());
        break;
      case AttrValue::kI:
        list->add_i(one.i());
        break;
      case AttrValue::kF:
        list->add_f(one.f());
        break;
      case AttrValue::kS:
        list->add_s(one.s());
        break;
      case AttrValue::kShape:
        *list->add_shape() = one.shape();
        break;
      case AttrValue::kTensor:
        *list->add_tensor() = one.tensor();
        break;
      default:
        return absl::InvalidArgumentError(absl::StrCat("bad default '", text, "'"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<OpDef::AttrDef> ParseAttrSpec(absl::string_view spec) {
  ASSIGN_OR_RETURN(auto name_rest, SplitNameAndRest(spec));
  OpDef::AttrDef attr;
  attr.set_name(name_rest.first);
  absl::string_view rest = name_rest.second;
  absl::string_view default_text;
  const size_t eq = FindDefaultSeparator(rest);
  if (eq != absl::string_view::npos) {
    default_text = absl::StripAsciiWhitespace(rest.substr(eq + 1));
    rest = absl::StripAsciiWhitespace(rest.substr(0, eq));
    if (default_text.empty()) return SpecError(spec, "empty default after '='");
  }
  const size_t ge = rest.find(">=");
  if (ge != absl::string_view::npos) {
    int64_t minimum;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(rest.substr(ge + 2)), &minimum)) {
      return SpecError(spec, "minimum after '>=' must be an integer");
    }
    attr.set_has_minimum(true);
    attr.set_minimum(minimum);
    rest = absl::StripAsciiWhitespace(rest.substr(0, ge));
  }
  if (absl::StartsWith(rest, "{") && absl::EndsWith(rest, "}")) {
    RETURN_IF_ERROR(ParseAllowedSet(spec, rest, /*is_list=*/false, &attr));
  } else if (absl::StartsWith(rest, "list({") && absl::EndsWith(rest, "})")) {
    RETURN_IF_ERROR(
        ParseAllowedSet(spec, rest.substr(5, rest.size() - 6), /*is_list=*/true, &attr));
  } else if (IsValidAttrType(std::string(rest))) {
    attr.set_type(std::string(rest));
  } else {
    return SpecError(spec, absl::StrCat("unknown attr type '", rest, "'"));
  }
  if (attr.has_minimum() && attr.type() != "int" && !absl::StartsWith(attr.type(), "list(")) {
    return SpecError(spec, "'>=' applies only to int and list attrs");
  }
  if (!default_text.empty()) {
    absl::Status parsed = ParseDefault(attr.type(), default_text, attr.mutable_default_value());
    if (!parsed.ok()) return SpecError(spec, parsed.message());
  }
  return attr;
}

const OpDef::AttrDef* FindAttrDef(const OpDef& def, absl::string_view name) {
  for (const OpDef::AttrDef& a : def.attr()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

// Resolves "T", "float", "N * T", "Ref(T)" against the attrs already in `def`.
absl::StatusOr<OpDef::ArgDef> ParseArgSpec(absl::string_view spec, const OpDef& def) {
  ASSIGN_OR_RETURN(auto name_rest, SplitNameAndRest(spec));
  OpDef::ArgDef arg;
  arg.set_name(name_rest.first);
  absl::string_view type = name_rest.second;
  if (absl::StartsWith(type, "Ref(") && absl::EndsWith(type, ")")) {
    arg.set_is_ref(true);
    type = absl::StripAsciiWhitespace(type.substr(4, type.size() - 5));
  }
  const size_t star = type.find('*');
  if (star != absl::string_view::npos) {
    const std::string number(absl::StripAsciiWhitespace(type.substr(0, star)));
    const OpDef::AttrDef* n = FindAttrDef(def, number);
    if (n == nullptr || n->type() != "int") {
      return SpecError(spec, absl::StrCat("'", number, "' must be a declared int attr"));
    }
    arg.set_number_attr(number);
    type = absl::StripAsciiWhitespace(type.substr(star + 1));
  }
  if (absl::StatusOr<DataType> fixed = ParseDataType(type); fixed.ok()) {
    arg.set_type(*fixed);
    return arg;
  }
  const OpDef::AttrDef* attr = FindAttrDef(def, type);
  if (attr != nullptr && attr->type() == "type") {
    arg.set_type_attr(std::string(type));
  } else if (attr != nullptr && attr->type() == "list(type)" && arg.number_attr().empty()) {
    arg.set_type_list_attr(std::string(type));
  } else {
    return SpecError(spec, absl::StrCat("'", type, "' is neither a type nor a declared type attr"));
  }
  return arg;
}

}  // namespace

OpDefBuilder::OpDefBuilder(std::string op_name) : name_(std::move(op_name)) {}

OpDefBuilder& OpDefBuilder::Input(std::string spec) {
  inputs_.push_back(std::move(spec));
  return *this;
}
OpDefBuilder& OpDefBuilder::Output(std::string spec) {
  outputs_.push_back(std::move(spec));
  return *this;
}
OpDefBuilder& OpDefBuilder::Attr(std::string spec) {
  attrs_.push_back(std::move(spec));
  return *this;
}
OpDefBuilder& OpDefBuilder::SetIsStateful() {
  flags_.def.set_is_stateful(true);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetIsCommutative() {
  flags_.def.set_is_commutative(true);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetIsAggregate() {
  flags_.def.set_is_aggregate(true);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetAllowsUninitializedInput() {
  flags_.def.set_allows_uninitialized_input(true);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetIsElementwise() {
  flags_.traits.elementwise = true;
  return *this;
}
OpDefBuilder& OpDefBuilder::SetOverwritesRef() {
  flags_.traits.overwrites_ref = true;
  return *this;
}

OpDefBuilder& OpDefBuilder::SetForwardsInput() {
  flags_.traits.forwards_input = true;
  return *this;
}
OpDefBuilder& OpDefBuilder::SetShapeFn(ShapeFn fn) {
  flags_.shape_fn = std::move(fn);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetGradient(GradientFn fn) {
  flags_.gradient = std::move(fn);
  flags_.no_gradient = false;
  return *this;
}
OpDefBuilder& OpDefBuilder::SetNoGradient() {
  flags_.gradient = nullptr;
  flags_.no_gradient = true;
  return *this;
}
OpDefBuilder& OpDefBuilder::SetReferenceKernel(ReferenceKernelFn fn) {
  flags_.reference_kernel = std::move(fn);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetExpand(ExpandFn fn) {
  flags_.expand = std::move(fn);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetElementEmitter(EmitterFn fn) {
  flags_.element_emitter = std::move(fn);
  return *this;
}
OpDefBuilder& OpDefBuilder::SetLoopEmitter(EmitterFn fn) {
  flags_.loop_emitter = std::move(fn);
  return *this;
}
OpDefBuilder& OpDefBuilder::Summary(std::string summary) {
  flags_.def.set_summary(std::move(summary));
  return *this;
}

absl::StatusOr<OpRegistration> OpDefBuilder::Build() const {
  OpRegistration op = flags_;
  op.def.set_name(name_);
  const std::string context = absl::StrCat("op '", name_, "'");
  for (const std::string& spec : attrs_) {
    absl::StatusOr<OpDef::AttrDef> attr = ParseAttrSpec(spec);
    if (!attr.ok()) return internal::AddContext(attr.status(), context);
    *op.def.add_attr() = *std::move(attr);
  }
  for (const auto& [specs, args] : {std::make_pair(&inputs_, op.def.mutable_input_arg()),
                                    std::make_pair(&outputs_, op.def.mutable_output_arg())}) {
    for (const std::string& spec : *specs) {
      absl::StatusOr<OpDef::ArgDef> arg = ParseArgSpec(spec, op.def);
      if (!arg.ok()) return internal::AddContext(arg.status(), context);
      *args->Add() = *std::move(arg);
    }
  }
  RETURN_IF_ERROR(ValidateOpDef(op.def));
  // An element emitter describes an element-wise op, or an in-place update of ref inputs
  // (Apply*, AssignAdd: ops with a Ref input).
  bool has_ref_input = false;
  for (const OpDef::ArgDef& arg : op.def.input_arg()) has_ref_input |= arg.is_ref();
  if (op.element_emitter && !op.traits.elementwise && !has_ref_input) {
    return absl::InvalidArgumentError(absl::StrCat(
        context, ": an element emitter needs SetIsElementwise() (or a Ref input it updates)"));
  }
  return op;
}

OpRegistrar::OpRegistrar(const OpDefBuilder& builder) {
  absl::StatusOr<OpRegistration> op = builder.Build();
  absl::Status status = op.ok() ? OpRegistry::Global()->Register(*std::move(op)) : op.status();
  if (!status.ok()) {
    // A bad spec or duplicate name in rill's own op files: a build-level bug, not user input.
    internal::CheckFailed(__FILE__, __LINE__, "op registration", status.ToString().c_str());
  }
}

}  // namespace rill
