// Variable (copy-on-write value with a write counter) and VariableStore.
#include "ops/variable.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "graph/types.h"

namespace rill {

Variable::Variable(std::string name, DataType dtype, PartialShape declared_shape)
    : name_(std::move(name)), dtype_(BaseType(dtype)), declared_shape_(std::move(declared_shape)) {}

absl::StatusOr<Tensor> Variable::Read() const {
  if (!initialized()) {
    return absl::FailedPreconditionError(
        absl::StrCat("variable '", name_, "' is uninitialized (run its initializer first)"));
  }
  return value_;
}

absl::Status Variable::Assign(Tensor value) {
  if (value.dtype() != dtype_) {
    return absl::InvalidArgumentError(absl::StrCat("variable '", name_, "' is ",
                                                   DataTypeString(dtype_), ", cannot assign a ",
                                                   DataTypeString(value.dtype()), " value"));
  }
  value_ = std::move(value);
  ++version_;
  return absl::OkStatus();
}

absl::StatusOr<Tensor> Variable::MutableValue() {
  if (!initialized()) {
    return absl::FailedPreconditionError(
        absl::StrCat("variable '", name_, "' is uninitialized (run its initializer first)"));
  }
  // Only the variable holds the buffer when the count is 1; otherwise copy so that readers
  // holding the old value are not affected by the update.
  if (value_.BufferRefCount() > 1) value_ = value_.DeepCopy();
  ++version_;
  return value_;
}

std::string VariableKey(absl::string_view container, absl::string_view shared_name,
                        absl::string_view node_name) {
  const absl::string_view name = shared_name.empty() ? node_name : shared_name;
  if (container.empty()) return std::string(name);
  return absl::StrCat(container, "/", name);
}

absl::StatusOr<Variable*> VariableStore::LookupOrCreate(const std::string& name, DataType dtype,
                                                        const PartialShape& shape) {
  const DataType base = BaseType(dtype);
  auto it = vars_.find(name);
  if (it == vars_.end()) {
    auto var = std::make_unique<Variable>(name, base, shape);
    Variable* raw = var.get();
    vars_.emplace(name, std::move(var));
    return raw;
  }
  Variable* var = it->second.get();
  if (var->dtype() != base) {
    return absl::InvalidArgumentError(absl::StrCat("variable '", name, "' exists as ",
                                                   DataTypeString(var->dtype()), ", not ",
                                                   DataTypeString(base)));
  }
  if (!var->declared_shape().IsCompatibleWith(shape)) {
    return absl::InvalidArgumentError(absl::StrCat("variable '", name, "' exists with shape ",
                                                   var->declared_shape().DebugString(),
                                                   ", incompatible with ", shape.DebugString()));
  }
  return var;
}

Variable* VariableStore::Find(absl::string_view name) const {
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : it->second.get();
}

std::vector<std::string> VariableStore::Names() const {
  std::vector<std::string> names;
  names.reserve(vars_.size());
  for (const auto& [name, var] : vars_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace rill
