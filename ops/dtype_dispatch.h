// Dtype dispatch for reference kernels: instantiates a templated kernel body for the C++ type of
// a runtime DataType, from a declared list of types.
//
//   return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() -> absl::Status {
//     ... c.input(0).data<T>() ...
//   });
#ifndef RILL_OPS_DTYPE_DISPATCH_H_
#define RILL_OPS_DTYPE_DISPATCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "graph/types.h"
#include "ops/kernel_context.h"

namespace rill {

// A compile-time list of element types.
template <typename... Ts>
struct TypeList {};

// The usual sets (rill's supported dtypes; match them to the op's "T: {...}" attr).
using FloatTypes = TypeList<float, double>;
using IntegerTypes = TypeList<int32_t, int64_t, uint8_t>;
using IndexTypes = TypeList<int32_t, int64_t>;
using RealTypes = TypeList<float, double, int32_t, int64_t, uint8_t>;
using RealAndBoolTypes = TypeList<float, double, int32_t, int64_t, uint8_t, bool>;
// Every type a host Tensor can hold except resource (for plumbing: Identity, Reshape, Fill...).
using AllTypes = TypeList<float, double, int32_t, int64_t, uint8_t, bool, std::string>;

namespace internal {

template <typename Fn, typename T, typename... Rest>
absl::Status DispatchImpl(const KernelContext& c, DataType dtype, Fn&& fn) {
  if (dtype == DataTypeToEnum<T>()) return fn.template operator()<T>();
  if constexpr (sizeof...(Rest) > 0) {
    return DispatchImpl<Fn, Rest...>(c, dtype, std::forward<Fn>(fn));
  } else {
    return c.Unimplemented("no reference kernel for dtype ", DataTypeString(dtype));
  }
}

template <typename List>
struct Dispatcher;
template <typename... Ts>
struct Dispatcher<TypeList<Ts...>> {
  template <typename Fn>
  static absl::Status Run(const KernelContext& c, DataType dtype, Fn&& fn) {
    return DispatchImpl<Fn, Ts...>(c, BaseType(dtype), std::forward<Fn>(fn));
  }
};

}  // namespace internal

// Calls fn.template operator()<T>() with T the C++ type of `dtype` (ref types use their base),
// for the types in `List`; for any other dtype returns Unimplemented "node 'x' (Op): no
// reference kernel for dtype bool". `fn` returns absl::Status.
template <typename List, typename Fn>
absl::Status DispatchDtype(const KernelContext& c, DataType dtype, Fn&& fn) {
  return internal::Dispatcher<List>::Run(c, dtype, std::forward<Fn>(fn));
}

}  // namespace rill

#endif  // RILL_OPS_DTYPE_DISPATCH_H_
