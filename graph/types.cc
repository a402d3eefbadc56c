// DataType helpers: names, sizes and classification of TensorFlow's DataType enum.
#include "graph/types.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace rill {
namespace {

// TF encodes ref types as base + 100.
constexpr int kRefOffset = 100;

// TF's spelling of a non-ref type, or "" if there is none.
const char* BaseTypeName(DataType dtype) {
  switch (dtype) {
    case DT_INVALID: return "invalid";
    case DT_FLOAT: return "float";
    case DT_DOUBLE: return "double";
    case DT_INT32: return "int32";
    case DT_UINT8: return "uint8";
    case DT_INT16: return "int16";
    case DT_INT8: return "int8";
    case DT_STRING: return "string";
    case DT_COMPLEX64: return "complex64";
    case DT_INT64: return "int64";
    case DT_BOOL: return "bool";
    case DT_QINT8: return "qint8";
    case DT_QUINT8: return "quint8";
    case DT_QINT32: return "qint32";
    case DT_BFLOAT16: return "bfloat16";
    case DT_QINT16: return "qint16";
    case DT_QUINT16: return "quint16";
    case DT_UINT16: return "uint16";
    case DT_COMPLEX128: return "complex128";
    case DT_HALF: return "half";
    case DT_RESOURCE: return "resource";
    case DT_VARIANT: return "variant";
    case DT_UINT32: return "uint32";
    case DT_UINT64: return "uint64";
    case DT_FLOAT8_E5M2: return "float8_e5m2";
    case DT_FLOAT8_E4M3FN: return "float8_e4m3fn";
    case DT_INT4: return "int4";
    case DT_UINT4: return "uint4";
    default: return "";
  }
}

}  // namespace

bool IsRefType(DataType dtype) { return static_cast<int>(dtype) > kRefOffset; }

DataType BaseType(DataType dtype) {
  return IsRefType(dtype) ? static_cast<DataType>(static_cast<int>(dtype) - kRefOffset) : dtype;
}

DataType MakeRefType(DataType dtype) {
  return IsRefType(dtype) ? dtype : static_cast<DataType>(static_cast<int>(dtype) + kRefOffset);
}

std::string DataTypeString(DataType dtype) {
  const char* base = BaseTypeName(BaseType(dtype));
  // Values outside the enum (or refs of names without a ref variant) are "unknown(N)".
  if (!DataType_IsValid(static_cast<int>(dtype)) || base[0] == '\0') {
    return absl::StrCat("unknown(", static_cast<int>(dtype), ")");
  }
  return IsRefType(dtype) ? absl::StrCat(base, "_ref") : std::string(base);
}

bool IsSupportedDtype(DataType dtype) {
  return IsCompilableDtype(dtype) || dtype == DT_STRING || dtype == DT_RESOURCE;
}

bool IsCompilableDtype(DataType dtype) {
  switch (dtype) {
    case DT_FLOAT:
    case DT_DOUBLE:
    case DT_INT32:
    case DT_INT64:
    case DT_UINT8:
    case DT_BOOL:
      return true;
    default:
      return false;
  }
}

bool IsFloatDtype(DataType dtype) { return dtype == DT_FLOAT || dtype == DT_DOUBLE; }

bool IsIntegerDtype(DataType dtype) {
  return dtype == DT_INT32 || dtype == DT_INT64 || dtype == DT_UINT8;
}

int64_t DataTypeSize(DataType dtype) {
  switch (dtype) {
    case DT_FLOAT: return sizeof(float);
    case DT_DOUBLE: return sizeof(double);
    case DT_INT32: return sizeof(int32_t);
    case DT_INT64: return sizeof(int64_t);
    case DT_UINT8: return sizeof(uint8_t);
    case DT_BOOL: return sizeof(bool);
    default: return 0;
  }
}

}  // namespace rill
