// Machinery shared by the reductions Mean/Max/Min/Prod (shape fn: shape_fns::ReductionShape) and
// ArgMax/ArgMin: axis values, the ArgMax shape function, the naive reference loops, and the
// gradient helpers.
#ifndef RILL_OPS_REDUCE_REDUCTION_UTIL_H_
#define RILL_OPS_REDUCE_REDUCTION_UTIL_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "ops/kernel_context.h"
#include "ops/reduction.h"
#include "ops/shape_context.h"

namespace rill::reduce {

// The values of an int32/int64 scalar or vector `axes` as int64 (InvalidArgument for another
// dtype or a higher rank: "reduction axes must be a scalar or vector, got [2,2]"). The
// reductions over several axes use MakeReductionPlan (ops/reduction.h) instead.
absl::StatusOr<std::vector<int64_t>> AxisValues(const Tensor& axes);

// Shape function of ArgMax/ArgMin (input, dimension): `dimension` must be a scalar; the output
// drops that dim (unknown dims of rank-1 when the dimension's value is not known).
absl::Status ArgReductionShape(ShapeContext& c);

// The reference kernel body of Max/Min/Prod: output = fold of input 0 over the axes in input 1
// (attr keep_dims), each output starting from `init` (the value of an empty reduction). Bad axes
// are InvalidArgument naming the node.
template <typename T, typename Fold>
absl::Status FoldKernel(KernelContext& c, T init, Fold&& fold) {
  const Tensor& in = c.input(0);
  absl::StatusOr<bool> keep_dims = c.attrs().GetBool("keep_dims");
  if (!keep_dims.ok()) return keep_dims.status();
  absl::StatusOr<ReductionPlan> plan = MakeReductionPlan(in.shape(), c.input(1), *keep_dims);
  if (!plan.ok()) return c.AddContext(plan.status());
  absl::StatusOr<Tensor> out = c.allocate_output(0, plan->output_shape);
  if (!out.ok()) return out.status();
  T* o = out->data<T>();
  for (int64_t k = 0; k < out->num_elements(); ++k) o[k] = init;
  const T* x = in.data<T>();
  ForEachReduced(in.shape(), *plan, [&](int64_t i, int64_t k) { o[k] = fold(o[k], x[i]); });
  return absl::OkStatus();
}

// The reference kernel body of ArgMax/ArgMin: output (dtype R) = the index along the scalar
// axis in input 1 of the element of input 0 (type T) that wins: `better(candidate, best)` says
// whether a later candidate replaces the best so far (so ties keep the first index).
// InvalidArgument for a bad axis and for an empty reduced dim ("reduction axis 1 is empty in
// shape [2,0]", as TensorFlow).
template <typename T, typename R, typename Better>
absl::Status ArgReduceKernel(KernelContext& c, Better&& better) {
  const Tensor& in = c.input(0);
  const Tensor& dimension = c.input(1);
  if (dimension.shape().rank() != 0) {
    return c.InvalidArgument("dimension must be a scalar, got ", dimension.shape().DebugString());
  }
  absl::StatusOr<std::vector<int64_t>> axis = AxisValues(dimension);
  if (!axis.ok()) return c.InvalidArgument(axis.status().message());
  const int rank = in.shape().rank();
  if ((*axis)[0] < -rank || (*axis)[0] >= rank) {
    return c.InvalidArgument("invalid dimension ", (*axis)[0], " for input of rank ", rank,
                             " (must be in [", -rank, ", ", rank, "))");
  }
  const int d = static_cast<int>((*axis)[0] < 0 ? (*axis)[0] + rank : (*axis)[0]);
  const int64_t n = in.shape().dim(d);
  if (n == 0) {
    return c.InvalidArgument("reduction axis ", d, " is empty in shape ",
                             in.shape().DebugString());
  }
  // View the input as [outer, n, inner].
  int64_t outer = 1, inner = 1;
  std::vector<int64_t> out_dims;
  for (int k = 0; k < rank; ++k) {
    if (k < d) outer *= in.shape().dim(k);
    if (k > d) inner *= in.shape().dim(k);
    if (k != d) out_dims.push_back(in.shape().dim(k));
  }
  absl::StatusOr<TensorShape> out_shape = TensorShape::Create(out_dims);
  if (!out_shape.ok()) return out_shape.status();
  absl::StatusOr<Tensor> out = c.allocate_output(0, *out_shape);
  if (!out.ok()) return out.status();
  const T* x = in.data<T>();
  R* o = out->data<R>();
  for (int64_t i = 0; i < outer; ++i) {
    for (int64_t j = 0; j < inner; ++j) {
      const T* group = x + i * n * inner + j;
      int64_t best = 0;
      for (int64_t k = 1; k < n; ++k) {
        if (better(group[k * inner], group[best * inner])) best = k;
      }
      o[i * inner + j] = static_cast<R>(best);
    }
  }
  return absl::OkStatus();
}

// The value of `output` when it is known while building (a Const, or published by its shape
// function), else null. Valid as long as the scope's graph.
const Tensor* KnownValue(const Scope& scope, const Output& output);

// The reduction plan (ops/reduction.h) of x over axes when x's shape is fully defined and the
// axes' value is known while building, else nullopt.
std::optional<ReductionPlan> StaticReductionPlan(const Scope& scope, const Output& x,
                                                 const Output& axes);

// Gradient helper: `dy`, the gradient of a reduction of x over axes, reshaped so that it
// broadcasts against x (the reduced dims as 1s). Returns dy itself when keep_dims; a Reshape to a
// Const shape when x's shape is fully defined and the axes are known; otherwise a Reshape to
// Shape(Sum(x, axes, keep_dims=true)), which shape specialisation folds.
Output ReshapeToKeptDims(const Scope& scope, const Output& dy, const Output& x,
                         const Output& axes, bool keep_dims);

}  // namespace rill::reduce

#endif  // RILL_OPS_REDUCE_REDUCTION_UTIL_H_
