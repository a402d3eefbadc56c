// Reduction planning: axes validation and output shapes.
#include "ops/reduction.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/types.h"

namespace rill {

absl::StatusOr<ReductionPlan> MakeReductionPlan(const TensorShape& input, const Tensor& axes,
                                                bool keep_dims) {
  if (axes.shape().rank() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reduction axes must be a scalar or vector, got shape ", axes.shape().DebugString()));
  }
  if (axes.dtype() != DT_INT32 && axes.dtype() != DT_INT64) {
    return absl::InvalidArgumentError(
        absl::StrCat("reduction axes must be int32 or int64, got ", DataTypeString(axes.dtype())));
  }
  const int rank = input.rank();
  ReductionPlan plan;
  plan.reduced.assign(rank, false);
  for (int64_t k = 0; k < axes.num_elements(); ++k) {
    const int64_t axis =
        axes.dtype() == DT_INT64 ? axes.data<int64_t>()[k] : int64_t{axes.data<int32_t>()[k]};
    if (axis < -rank || axis >= rank) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid reduction axis ", axis, " for input of rank ", rank));
    }
    plan.reduced[axis < 0 ? axis + rank : axis] = true;
  }
  std::vector<int64_t> kept;
  std::vector<int64_t> out;
  for (int d = 0; d < rank; ++d) {
    if (plan.reduced[d]) {
      kept.push_back(1);
      if (keep_dims) out.push_back(1);
      plan.reduced_count *= input.dim(d);
    } else {
      kept.push_back(input.dim(d));
      out.push_back(input.dim(d));
    }
  }
  ASSIGN_OR_RETURN(plan.kept_shape, TensorShape::Create(kept));
  ASSIGN_OR_RETURN(plan.output_shape, TensorShape::Create(out));
  return plan;
}

}  // namespace rill
