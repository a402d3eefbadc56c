// Client builders for the array ops: Const, Placeholder, PlaceholderWithDefault, Identity.
// Each returns the op's Output (invalid after an error, which the Scope keeps; see graph/scope.h).
#ifndef RILL_OPS_ARRAY_OPS_H_
#define RILL_OPS_ARRAY_OPS_H_

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"

namespace rill::ops {

// Element types Const accepts from C++ values.
template <typename T>
concept ConstElement = std::same_as<T, float> || std::same_as<T, double> ||
    std::same_as<T, int32_t> || std::same_as<T, int64_t> || std::same_as<T, uint8_t> ||
    std::same_as<T, bool> || std::same_as<T, std::string>;

// A Const holding `value` (its dtype and shape).
Output Const(const Scope& scope, const Tensor& value);
// A string scalar Const.
Output Const(const Scope& scope, const char* value);

namespace internal {
// Const(value) or, if `value` is an error, records it in the scope.
Output ConstOrError(const Scope& scope, const absl::StatusOr<Tensor>& value);
}  // namespace internal

// A scalar Const: Const(scope, 1.5f) is a float scalar, Const(scope, 3) an int32 scalar.
template <ConstElement T>
Output Const(const Scope& scope, const T& value) {
  return Const(scope, Tensor::Scalar<T>(value));
}

// A 1-D Const: Const(scope, {1.f, 2.f}).
template <ConstElement T>
Output Const(const Scope& scope, std::initializer_list<T> values) {
  return internal::ConstOrError(
      scope, Tensor::FromVector<T>(std::vector<T>(values),
                                   TensorShape({static_cast<int64_t>(values.size())})));
}

// A 2-D Const from rows: Const(scope, {{1.f, 2.f}, {3.f, 4.f}}). Ragged rows are an error.
template <ConstElement T>
Output Const(const Scope& scope, std::initializer_list<std::initializer_list<T>> rows) {
  std::vector<T> flat;
  const size_t cols = rows.size() == 0 ? 0 : rows.begin()->size();
  for (const auto& row : rows) {
    if (row.size() != cols) {
      return internal::ConstOrError(
          scope, absl::InvalidArgumentError(absl::StrCat("ragged initializer: rows have ", cols,
                                                         " and ", row.size(), " values")));
    }
    flat.insert(flat.end(), row.begin(), row.end());
  }
  return internal::ConstOrError(
      scope, Tensor::FromVector<T>(flat, TensorShape({static_cast<int64_t>(rows.size()),
                                                      static_cast<int64_t>(cols)})));
}

// A Const of `shape` from row-major `values` (their count must match the shape).
template <ConstElement T>
Output Const(const Scope& scope, const std::vector<T>& values, const TensorShape& shape) {
  return internal::ConstOrError(scope, Tensor::FromVector<T>(values, shape));
}

// Optional attrs of Placeholder: ops::Placeholder(scope, DT_FLOAT, {.shape = {-1, 784}}).
struct PlaceholderAttrs {
  // Unknown rank by default; -1 marks an unknown dim.
  PartialShape shape;
};

// A value fed at run time.
Output Placeholder(const Scope& scope, DataType dtype, const PlaceholderAttrs& attrs = {});

// `input` unless fed; `shape` is what a feed must match (input must be compatible with it).
Output PlaceholderWithDefault(const Scope& scope, const Output& input, const PartialShape& shape);

// Its input, unchanged.
Output Identity(const Scope& scope, const Output& input);

}  // namespace rill::ops

#endif  // RILL_OPS_ARRAY_OPS_H_
