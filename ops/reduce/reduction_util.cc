// Axis handling, shape functions and gradient helpers shared by the reductions.
#include "ops/reduce/reduction_util.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/shape_refiner.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"

namespace rill::reduce {

absl::StatusOr<std::vector<int64_t>> AxisValues(const Tensor& axes) {
  if (axes.shape().rank() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reduction axes must be a scalar or vector, got ", axes.shape().DebugString()));
  }
  std::vector<int64_t> values(axes.num_elements());
  for (int64_t i = 0; i < axes.num_elements(); ++i) {
    if (axes.dtype() == DT_INT32) {
      values[i] = axes.data<int32_t>()[i];
    } else if (axes.dtype() == DT_INT64) {
      values[i] = axes.data<int64_t>()[i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("reduction axes must be int32 or int64, got ",
                                                     DataTypeString(axes.dtype())));
    }
  }
  return values;
}

absl::Status ArgReductionShape(ShapeContext& c) {
  const PartialShape& dimension = c.input(1);
  if (dimension.rank_known() && dimension.rank() != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("dimension must be a scalar, got ", dimension.DebugString()));
  }
  const PartialShape& in = c.input(0);
  if (!in.rank_known()) {
    c.set_output(0, PartialShape::Unknown());
    return absl::OkStatus();
  }
  const int rank = in.rank();
  const Tensor* value = c.input_tensor(1);
  if (value == nullptr) {
    // The rank drops by one; which dim goes is unknown.
    c.set_output(0, PartialShape::UnknownOfRank(rank > 0 ? rank - 1 : 0));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> axis, AxisValues(*value));
  if (axis.size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("dimension must be a scalar, got ", value->shape().DebugString()));
  }
  if (axis[0] < -rank || axis[0] >= rank) {
    return absl::InvalidArgumentError(absl::StrCat("invalid dimension ", axis[0],
                                                   " for input of rank ", rank, " (must be in [",
                                                   -rank, ", ", rank, "))"));
  }
  const int64_t drop = axis[0] < 0 ? axis[0] + rank : axis[0];
  std::vector<int64_t> dims;
  for (int d = 0; d < rank; ++d) {
    if (d != drop) dims.push_back(in.dim(d));
  }
  c.set_output(0, PartialShape(std::move(dims)));
  return absl::OkStatus();
}

const Tensor* KnownValue(const Scope& scope, const Output& output) {
  if (!output.valid()) return nullptr;
  const NodeOutputs* outs = scope.refiner().outputs(*output.node());
  if (outs == nullptr || output.index() >= static_cast<int>(outs->tensors.size())) return nullptr;
  const Tensor& t = outs->tensors[output.index()];
  return t.valid() ? &t : nullptr;
}

std::optional<ReductionPlan> StaticReductionPlan(const Scope& scope, const Output& x,
                                                 const Output& axes) {
  const Tensor* axes_value = KnownValue(scope, axes);
  if (axes_value == nullptr || !x.shape().IsFullyDefined()) return std::nullopt;
  absl::StatusOr<TensorShape> shape = TensorShape::FromPartial(x.shape());
  if (!shape.ok()) return std::nullopt;
  absl::StatusOr<ReductionPlan> plan = MakeReductionPlan(*shape, *axes_value, /*keep_dims=*/true);
  if (!plan.ok()) return std::nullopt;
  return *std::move(plan);
}

Output ReshapeToKeptDims(const Scope& scope, const Output& dy, const Output& x,
                         const Output& axes, bool keep_dims) {
  if (keep_dims) return dy;
  if (std::optional<ReductionPlan> plan = StaticReductionPlan(scope, x, axes)) {
    const TensorShape& kept = plan->kept_shape;
    return ops::Reshape(
        scope, dy,
        ops::Const(scope, kept.dims(), TensorShape({static_cast<int64_t>(kept.rank())})));
  }
  return ops::Reshape(scope, dy, ops::Shape(scope, ops::Sum(scope, x, axes, {.keep_dims = true})));
}

}  // namespace rill::reduce
