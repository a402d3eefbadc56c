// Element-wise reference kernel helpers: unary (y = f(x)) and binary with NumPy broadcasting
// (z = f(x, y)), optionally with a per-element error (integer division by zero). Call them inside
// a DispatchDtype body (ops/dtype_dispatch.h):
//
//   return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
//     return BinaryElementwise<T>(c, [](T x, T y) { return x + y; });
//   });
#ifndef RILL_OPS_ELEMENTWISE_H_
#define RILL_OPS_ELEMENTWISE_H_

#include <array>
#include <cstdint>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/status_macros.h"
#include "graph/tensor.h"
#include "graph/types.h"
#include "ops/broadcast.h"
#include "ops/kernel_context.h"

namespace rill {

// Integer arithmetic wraps around (two's complement) as in TensorFlow's kernels, instead of the
// undefined behaviour of signed overflow; floats and strings use the plain operators.
template <typename T>
T WrappingAdd(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}
template <typename T>
T WrappingSub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
  } else {
    return a - b;
  }
}
template <typename T>
T WrappingMul(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // uint8 * uint8 promotes to int and can overflow int only for wider types; go through the
    // unsigned type of at least int's width.
    using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  } else {
    return a * b;
  }
}

// Output 0 (dtype R, input 0's shape) = f(input 0) element by element; input 0 has type T.
template <typename T, typename R = T, typename F>
absl::Status UnaryElementwise(KernelContext& c, F&& f) {
  const Tensor& x = c.input(0);
  if (c.output_dtype(0) != DataTypeToEnum<R>()) {
    return absl::InternalError(
        absl::StrCat(c.context(), ": kernel output type does not match the signature"));
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, x.shape()));
  const T* in = x.data<T>();
  R* o = out.data<R>();
  for (int64_t i = 0; i < x.num_elements(); ++i) o[i] = f(in[i]);
  return absl::OkStatus();
}

// Output 0 (dtype R) = f(x, y) for inputs 0 and 1 (type T) broadcast NumPy-style; incompatible
// shapes are InvalidArgument "node 'x' (Op): incompatible shapes for broadcasting: [2,3] vs [2]".
template <typename T, typename R = T, typename F>
absl::Status BinaryElementwise(KernelContext& c, F&& f) {
  const Tensor& x = c.input(0);
  const Tensor& y = c.input(1);
  if (c.output_dtype(0) != DataTypeToEnum<R>()) {
    return absl::InternalError(
        absl::StrCat(c.context(), ": kernel output type does not match the signature"));
  }
  absl::StatusOr<TensorShape> broadcast = BroadcastTensorShapes({x.shape(), y.shape()});
  if (!broadcast.ok()) return c.AddContext(broadcast.status());
  const TensorShape& shape = *broadcast;
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, shape));
  const T* xs = x.data<T>();
  const T* ys = y.data<T>();
  R* o = out.data<R>();
  ForEachBroadcastIndex<2>(
      shape, {x.shape(), y.shape()},
      [&](int64_t i, const std::array<int64_t, 2>& in) { o[i] = f(xs[in[0]], ys[in[1]]); });
  return absl::OkStatus();
}

// As BinaryElementwise, for f returning absl::StatusOr<R>: the first error stops the kernel and
// comes back as InvalidArgument "node 'x' (Op): <message>" (e.g. "integer division by zero").
template <typename T, typename R = T, typename F>
absl::Status BinaryElementwiseOrError(KernelContext& c, F&& f) {
  absl::Status first_error;
  auto checked = [&](const T& x, const T& y) -> R {
    if (!first_error.ok()) return R();
    absl::StatusOr<R> r = f(x, y);
    if (!r.ok()) {
      first_error = r.status();
      return R();
    }
    return *r;
  };
  absl::Status status = BinaryElementwise<T, R>(c, checked);
  if (!status.ok()) return status;
  return c.AddContext(first_error);
}

}  // namespace rill

#endif  // RILL_OPS_ELEMENTWISE_H_
