// Max: the largest element of `input` over the dims in `reduction_indices` (TensorFlow's Max:
// inputs input, reduction_indices; attrs keep_dims, T, Tidx).
#include <cstdint>
#include <limits>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/reduce/min_max_gradient.h"
#include "ops/reduce/reduction_util.h"
#include "ops/reduce_ops.h"
#include "ops/shape_fns.h"
#include "ops/reduction_emitter.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.
// 2. Shape function: shape_fns::ReductionShape.

// 3. Gradient: reduce::MinOrMaxGradient (dy goes to the elements equal to the maximum, shared
//    equally among ties).

// 4. Reference kernel. NaN propagates (a NaN anywhere in a group makes its maximum NaN, as
//    NumPy's max); an empty group gives -inf (floats) or the type's lowest value.
template <typename T>
T MaxOf(T acc, T x) {
  if (acc != acc) return acc;  // NaN already
  if (x != x) return x;
  return x > acc ? x : acc;
}

absl::Status MaxKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    const T init = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                        : std::numeric_limits<T>::lowest();
    return reduce::FoldKernel<T>(c, init, MaxOf<T>);
  });
}

// 5. Loop emitter: the same fold from the same init (ops/reduction_emitter.h).
absl::Status MaxEmitter(EmitterContext& c) { return EmitExtremumReduction(c, /*is_max=*/true); }

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, the other ints and quantized types.
RILL_REGISTER_OP("Max")
    .Input("input: T")
    .Input("reduction_indices: Tidx")
    .Output("output: T")
    .Attr("keep_dims: bool = false")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .SetShapeFn(shape_fns::ReductionShape)
    .SetGradient(reduce::MinOrMaxGradient)
    .SetReferenceKernel(MaxKernel)
    .SetLoopEmitter(MaxEmitter)
    .Summary("The maximum of the elements over the given axes.");

namespace ops {

Output Max(const Scope& scope, const Output& input, const Output& axis,
           const ReductionAttrs& attrs) {
  return OpBuilder(scope, "Max")
      .Input(input)
      .Input(axis)
      .Attr("keep_dims", attrs.keep_dims)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
