// Integer division for the reference kernels of Div, FloorDiv, FloorMod and Reciprocal: the
// results TensorFlow defines, and InvalidArgument instead of a hardware trap or undefined
// behaviour for division by zero and INT_MIN / -1.
#ifndef RILL_OPS_MATH_INTEGER_DIVISION_H_
#define RILL_OPS_MATH_INTEGER_DIVISION_H_

#include <limits>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace rill::math {

// OK when x / y is defined for the integer type T; else InvalidArgument "integer division by
// zero" or "integer division overflow: -2147483648 / -1" (the caller adds the node).
template <typename T>
absl::Status CheckIntegerDivision(T x, T y) {
  static_assert(std::is_integral_v<T>);
  if (y == 0) return absl::InvalidArgumentError("integer division by zero");
  if constexpr (std::is_signed_v<T>) {
    if (x == std::numeric_limits<T>::min() && y == T(-1)) {
      return absl::InvalidArgumentError(absl::StrCat("integer division overflow: ", x, " / ", y));
    }
  }
  return absl::OkStatus();
}

// x / y rounded toward zero (C++ and TensorFlow's Div).
template <typename T>
absl::StatusOr<T> TruncatingDivide(T x, T y) {
  if (absl::Status s = CheckIntegerDivision(x, y); !s.ok()) return s;
  return static_cast<T>(x / y);
}

// x / y rounded toward negative infinity (Python's //, TensorFlow's FloorDiv).
template <typename T>
absl::StatusOr<T> FlooringDivide(T x, T y) {
  if (absl::Status s = CheckIntegerDivision(x, y); !s.ok()) return s;
  T q = static_cast<T>(x / y);
  if constexpr (std::is_signed_v<T>) {
    // Truncation rounded up when the exact quotient is negative and not whole.
    if (x % y != 0 && ((x < 0) != (y < 0))) --q;
  }
  return q;
}

// x - FlooringDivide(x, y) * y: the remainder with the sign of y (Python's %, TensorFlow's
// FloorMod). Only y = 0 is an error: INT_MIN mod -1 is exactly 0.
template <typename T>
absl::StatusOr<T> FlooringModulo(T x, T y) {
  static_assert(std::is_integral_v<T>);
  if (y == 0) return absl::InvalidArgumentError("integer division by zero");
  if constexpr (std::is_signed_v<T>) {
    if (y == T(-1)) return T(0);  // avoids INT_MIN % -1, which traps on x86
    T r = static_cast<T>(x % y);
    if (r != 0 && ((r < 0) != (y < 0))) r = static_cast<T>(r + y);
    return r;
  } else {
    return static_cast<T>(x % y);
  }
}

}  // namespace rill::math

#endif  // RILL_OPS_MATH_INTEGER_DIVISION_H_
