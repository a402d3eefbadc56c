// AttrSlice: attr lookup with op defaults, and typed getters with precise errors.
#include "ops/attr_slice.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill {
namespace {

const char* KindName(AttrValue::ValueCase kind) {
  switch (kind) {
    case AttrValue::kS:
      return "string";
    case AttrValue::kI:
      return "int";
    case AttrValue::kF:
      return "float";
    case AttrValue::kB:
      return "bool";
    case AttrValue::kType:
      return "type";
    case AttrValue::kShape:
      return "shape";
    case AttrValue::kTensor:
      return "tensor";
    case AttrValue::kList:
      return "list";
    case AttrValue::kFunc:
      return "func";
    case AttrValue::kPlaceholder:
      return "placeholder";
    case AttrValue::VALUE_NOT_SET:
      return "no value";
  }
  return "no value";
}

}  // namespace

std::string AttrValueKind(const AttrValue& value) { return KindName(value.value_case()); }

const AttrValue* AttrSlice::Find(absl::string_view name) const {
  auto it = attrs_.find(std::string(name));
  if (it != attrs_.end()) return &it->second;
  if (op_def_ == nullptr) return nullptr;
  for (const OpDef::AttrDef& attr : op_def_->attr()) {
    if (attr.name() == name && attr.has_default_value()) return &attr.default_value();
  }
  return nullptr;
}

absl::StatusOr<const AttrValue*> AttrSlice::Get(absl::string_view name,
                                                AttrValue::ValueCase kind) const {
  const AttrValue* v = Find(name);
  if (v == nullptr) return absl::InvalidArgumentError(absl::StrCat("missing attr '", name, "'"));
  if (v->value_case() != kind) {
    return absl::InvalidArgumentError(absl::StrCat("attr '", name, "' holds a ", AttrValueKind(*v),
                                                   " value, expected ", KindName(kind)));
  }
  return v;
}

absl::StatusOr<DataType> AttrSlice::GetType(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kType));
  return v->type();
}

absl::StatusOr<bool> AttrSlice::GetBool(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kB));
  return v->b();
}

absl::StatusOr<int64_t> AttrSlice::GetInt(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kI));
  return v->i();
}

absl::StatusOr<float> AttrSlice::GetFloat(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kF));
  return v->f();
}

absl::StatusOr<std::string> AttrSlice::GetString(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kS));
  return v->s();
}

absl::StatusOr<PartialShape> AttrSlice::GetShape(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kShape));
  absl::StatusOr<PartialShape> shape = PartialShape::FromProto(v->shape());
  if (!shape.ok()) return internal::AddContext(shape.status(), absl::StrCat("attr '", name, "'"));
  return shape;
}

absl::StatusOr<const TensorProto*> AttrSlice::GetTensor(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kTensor));
  return &v->tensor();
}

absl::StatusOr<std::vector<DataType>> AttrSlice::GetTypeList(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kList));
  std::vector<DataType> out;
  for (int t : v->list().type()) out.push_back(static_cast<DataType>(t));
  return out;
}

absl::StatusOr<std::vector<int64_t>> AttrSlice::GetIntList(absl::string_view name) const {
  ASSIGN_OR_RETURN(const AttrValue* v, Get(name, AttrValue::kList));
  return std::vector<int64_t>(v->list().i().begin(), v->list().i().end());
}

}  // namespace rill
