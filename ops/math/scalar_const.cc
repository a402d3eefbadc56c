// ScalarConst: a scalar Const of a dtype chosen at run time.
#include "ops/math/scalar_const.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "graph/tensor.h"
#include "graph/types.h"
#include "ops/array_ops.h"

namespace rill::ops {

Output ScalarConst(const Scope& scope, DataType dtype, double value) {
  switch (dtype) {
    case DT_FLOAT:
      return Const(scope, Tensor::Scalar<float>(static_cast<float>(value)));
    case DT_DOUBLE:
      return Const(scope, Tensor::Scalar<double>(value));
    case DT_INT32:
      return Const(scope, Tensor::Scalar<int32_t>(static_cast<int32_t>(value)));
    case DT_INT64:
      return Const(scope, Tensor::Scalar<int64_t>(static_cast<int64_t>(value)));
    case DT_UINT8:
      return Const(scope, Tensor::Scalar<uint8_t>(static_cast<uint8_t>(value)));
    default:
      scope.UpdateStatus(absl::InvalidArgumentError(
          absl::StrCat("ScalarConst: no scalar constant of dtype ", DataTypeString(dtype))));
      return Output();
  }
}

}  // namespace rill::ops
