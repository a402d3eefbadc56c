// Mean: the average of the elements of `input` over the dims in `reduction_indices`
// (TensorFlow's Mean: inputs input, reduction_indices; attrs keep_dims, T, Tidx). A composite:
// it expands into Sum and a division by the element count, so it has no kernel of its own.
#include <cstdint>
#include <limits>
#include <optional>

#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/math/scalar_const.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/reduce/reduction_util.h"
#include "ops/reduce_ops.h"
#include "ops/reduction.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// Whether `count` is representable in `dtype` (ScalarConst must not convert out of range).
bool CountFits(DataType dtype, int64_t count) {
  switch (dtype) {
    case DT_UINT8:
      return count <= std::numeric_limits<uint8_t>::max();
    case DT_INT32:
      return count <= std::numeric_limits<int32_t>::max();
    default:
      return true;
  }
}

// How many elements of x each output averages, shaped to broadcast against the output
// (keep_dims): a scalar Const when x's shape is fully defined and the axes are known (the usual
// case after shape specialisation), else Sum(OnesLike(x), axes). Integer counts are in T like
// the sum (as TensorFlow's Eigen mean): a count that T cannot hold takes the Sum path, which
// wraps the same way.
Output ElementCount(const Scope& s, const Output& x, const Output& axes, bool keep_dims) {
  if (std::optional<ReductionPlan> plan = reduce::StaticReductionPlan(s, x, axes)) {
    if (CountFits(x.dtype(), plan->reduced_count)) {
      return ops::ScalarConst(s, x.dtype(), static_cast<double>(plan->reduced_count));
    }
  }
  return ops::Sum(s, ops::OnesLike(s, x), axes, {.keep_dims = keep_dims});
}

// 1. OpDef: see the registration below.
// 2. Shape function: shape_fns::ReductionShape.

// 3. Gradient (registered so that autodiff works before expansion; TensorFlow's _MeanGrad):
//    dy spread evenly over each group, dx = dy / count broadcast to x's shape.
absl::Status MeanGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(bool keep_dims, c.attrs().GetBool("keep_dims"));
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& axes = c.input(1);
  Output dy = reduce::ReshapeToKeptDims(s, c.grad(0), x, axes, keep_dims);
  Output count = ElementCount(s, x, axes, /*keep_dims=*/true);
  c.set_input_grad(0, ops::Div(s, ops::Mul(s, ops::OnesLike(s, x), dy), count));
  return absl::OkStatus();
}

// 4. Reference kernel: none; the expansion runs instead. Sum(x) / count: an empty group gives
//    0 / 0 = NaN for floats (as TensorFlow) and an integer division-by-zero error for integers;
//    integer means truncate toward zero (C division, as TensorFlow's Eigen mean).
absl::Status MeanExpand(ExpandContext& c) {
  ASSIGN_OR_RETURN(bool keep_dims, c.attrs().GetBool("keep_dims"));
  const Scope& s = c.scope();
  Output sum = ops::Sum(s, c.input(0), c.input(1), {.keep_dims = keep_dims});
  c.set_output(0, ops::Div(s, sum, ElementCount(s, c.input(0), c.input(1), keep_dims)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none (composites are expanded before code generation).

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, the other ints and complex types.
RILL_REGISTER_OP("Mean")
    .Input("input: T")
    .Input("reduction_indices: Tidx")
    .Output("output: T")
    .Attr("keep_dims: bool = false")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .SetShapeFn(shape_fns::ReductionShape)
    .SetGradient(MeanGrad)
    .SetExpand(MeanExpand)
    .Summary("The mean of the elements over the given axes.");

namespace ops {

Output Mean(const Scope& scope, const Output& input, const Output& axis,
            const ReductionAttrs& attrs) {
  return OpBuilder(scope, "Mean")
      .Input(input)
      .Input(axis)
      .Attr("keep_dims", attrs.keep_dims)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
