// Equal and NotEqual's shared shape function and kernel.
#include "ops/math/equality.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "ops/broadcast.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"

namespace rill::math {

absl::Status EqualityShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(bool strict, c.attrs().GetBool("incompatible_shape_error"));
  absl::StatusOr<PartialShape> out = BroadcastShapes(c.input(0), c.input(1));
  if (out.ok()) {
    c.set_output(0, *std::move(out));
    return absl::OkStatus();
  }
  if (!strict) {
    c.set_output(0, PartialShape::Unknown());  // a scalar at run time, or the broadcast shape
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("incompatible shapes for broadcasting: ", c.input(0).DebugString(), " vs ",
                   c.input(1).DebugString()));
}

absl::Status EqualityKernel(KernelContext& c, bool not_equal) {
  ASSIGN_OR_RETURN(bool strict, c.attrs().GetBool("incompatible_shape_error"));
  if (!strict && !BroadcastTensorShapes({c.input(0).shape(), c.input(1).shape()}).ok()) {
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape()));
    out.data<bool>()[0] = not_equal;
    return absl::OkStatus();
  }
  return DispatchDtype<AllTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T, bool>(
        c, [not_equal](const T& x, const T& y) { return (x == y) != not_equal; });
  });
}

}  // namespace rill::math
