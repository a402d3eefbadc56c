// DataType helpers: names, sizes, ref types and the C++ type <-> enum mapping for host tensors.
#ifndef RILL_GRAPH_TYPES_H_
#define RILL_GRAPH_TYPES_H_

#include <cstdint>
#include <string>

#include "graph/types.pb.h"

namespace rill {

// An opaque, host-only handle to a resource (a variable, a queue...). Never compiled.
struct ResourceHandle {
  std::string container;
  std::string name;

  bool operator==(const ResourceHandle& other) const {
    return container == other.container && name == other.name;
  }
};

// True for the DT_*_REF variants (values >= 100).
bool IsRefType(DataType dtype);
// The non-ref type: DT_FLOAT_REF -> DT_FLOAT; non-ref types are returned unchanged.
DataType BaseType(DataType dtype);
// The ref variant: DT_FLOAT -> DT_FLOAT_REF; ref types are returned unchanged.
DataType MakeRefType(DataType dtype);

// TensorFlow's spelling: "float", "double", "int32", "int64", "uint8", "bool", "string", "resource",
// "float_ref", ...; "unknown(N)" for a value outside the enum.
std::string DataTypeString(DataType dtype);

// Host tensors rill can hold: f32 f64 i32 i64 u8 bool string resource.
bool IsSupportedDtype(DataType dtype);
// Types the compiler handles: f32 f64 i32 i64 u8 bool (never string/resource).
bool IsCompilableDtype(DataType dtype);
// DT_FLOAT / DT_DOUBLE (ref types are not; apply BaseType first).
bool IsFloatDtype(DataType dtype);
// DT_INT32 / DT_INT64 / DT_UINT8 (bool is not an integer type; ref types are not).
bool IsIntegerDtype(DataType dtype);

// Bytes per element for the supported numeric types; 0 for string, resource and anything unsupported.
int64_t DataTypeSize(DataType dtype);

namespace internal {
template <typename T>
struct DataTypeToEnumImpl;
template <> struct DataTypeToEnumImpl<float> { static constexpr DataType value = DT_FLOAT; };
template <> struct DataTypeToEnumImpl<double> { static constexpr DataType value = DT_DOUBLE; };
template <> struct DataTypeToEnumImpl<int32_t> { static constexpr DataType value = DT_INT32; };
template <> struct DataTypeToEnumImpl<int64_t> { static constexpr DataType value = DT_INT64; };
template <> struct DataTypeToEnumImpl<uint8_t> { static constexpr DataType value = DT_UINT8; };
template <> struct DataTypeToEnumImpl<bool> { static constexpr DataType value = DT_BOOL; };
template <> struct DataTypeToEnumImpl<std::string> { static constexpr DataType value = DT_STRING; };
template <> struct DataTypeToEnumImpl<ResourceHandle> {
  static constexpr DataType value = DT_RESOURCE;
};
}  // namespace internal

// The DataType of C++ element type T (float -> DT_FLOAT, ...); other T do not compile.
template <typename T>
constexpr DataType DataTypeToEnum() {
  return internal::DataTypeToEnumImpl<T>::value;
}

}  // namespace rill

#endif  // RILL_GRAPH_TYPES_H_
