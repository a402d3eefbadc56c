// Variable and VariableStore: the mutable state behind TF 1.x reference variables (VariableV2,
// Assign, AssignAdd, the Apply* updates). Values are copy-on-write Tensors, so a reader that took
// the value before a write keeps the old contents.
#ifndef RILL_OPS_VARIABLE_H_
#define RILL_OPS_VARIABLE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"

namespace rill {

// One variable: a name, a dtype, the shape VariableV2 declared, and a value once initialized.
// Writes never modify a buffer someone else holds: Assign swaps in the new Tensor, and
// MutableValue copies the buffer first if it is shared. Not thread-safe (the reference executor
// runs one kernel at a time).
class Variable {
 public:
  Variable(std::string name, DataType dtype, PartialShape declared_shape);
  Variable(const Variable&) = delete;
  Variable& operator=(const Variable&) = delete;

  // The store key: "<container>/<shared_name>" or the VariableV2 node's name (see VariableKey).
  const std::string& name() const { return name_; }
  // The base (non-ref) dtype.
  DataType dtype() const { return dtype_; }
  // The VariableV2 `shape` attr (may be partial).
  const PartialShape& declared_shape() const { return declared_shape_; }
  bool initialized() const { return value_.valid(); }

  // The current value (shares the buffer). FailedPrecondition "variable 'v' is uninitialized
  // (run its initializer first)" before the first write.
  absl::StatusOr<Tensor> Read() const;
  // The current value, or an invalid Tensor before the first write.
  const Tensor& value() const { return value_; }

  // Replaces the value (Assign with validate_shape=false, or after the caller checked the shape).
  // InvalidArgument if `value` has another dtype. Earlier readers keep the old buffer.
  absl::Status Assign(Tensor value);
  // For in-place updates (AssignAdd, Apply*): a Tensor holding the current value whose buffer
  // nobody else holds (copied first if shared), so writes through it change only the variable.
  // Counts as a write. FailedPrecondition if uninitialized.
  absl::StatusOr<Tensor> MutableValue();

  // Incremented by every write (Assign, MutableValue); the executor uses it to see writes.
  int64_t version() const { return version_; }

 private:
  std::string name_;
  DataType dtype_;
  PartialShape declared_shape_;
  Tensor value_;
  int64_t version_ = 0;
};

// The key VariableV2 uses: "<container>/<shared_name>", where an empty shared_name means the
// node's name (TensorFlow's rule) and an empty container is the default one.
std::string VariableKey(absl::string_view container, absl::string_view shared_name,
                        absl::string_view node_name);

// Variables by name; they live as long as the store (across Run calls of an executor).
// Not thread-safe.
class VariableStore {
 public:
  VariableStore() = default;
  VariableStore(const VariableStore&) = delete;
  VariableStore& operator=(const VariableStore&) = delete;

  // The variable `name`, created (uninitialized) if absent. InvalidArgument if it exists with
  // another dtype or an incompatible declared shape.
  absl::StatusOr<Variable*> LookupOrCreate(const std::string& name, DataType dtype,
                                           const PartialShape& shape);
  // The variable `name`, or null.
  Variable* Find(absl::string_view name) const;
  // All names, sorted.
  std::vector<std::string> Names() const;
  int size() const { return static_cast<int>(vars_.size()); }
  // Drops every variable (pointers handed out die).
  void Clear() { vars_.clear(); }

 private:
  absl::flat_hash_map<std::string, std::unique_ptr<Variable>> vars_;
};

}  // namespace rill

#endif  // RILL_OPS_VARIABLE_H_
