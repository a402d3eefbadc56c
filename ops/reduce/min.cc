// Min: the smallest element of `input` over the dims in `reduction_indices` (TensorFlow's Min:
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

// 3. Gradient: reduce::MinOrMaxGradient (dy goes to the elements equal to the minimum, shared
//    equally among ties).

// 4. Reference kernel. NaN propagates (a NaN anywhere in a group makes its minimum NaN, as
//    NumPy's min); an empty group gives +inf (floats) or the type's largest value.
template <typename T>
T MinOf(T acc, T x) {
  if (acc != acc) return acc;  // NaN already
  if (x != x) return x;
  return x < acc ? x : acc;
}

absl::Status MinKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    const T init = std::numeric_limits<T>::has_infinity ? std::numeric_limits<T>::infinity()
                                                        : std::numeric_limits<T>::max();
    return reduce::FoldKernel<T>(c, init, MinOf<T>);
  });
}

// 5. Loop emitter: the same fold from the same init (ops/reduction_emitter.h).
absl::Status MinEmitter(EmitterContext& c) { return EmitExtremumReduction(c, /*is_max=*/false); }

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, the other ints and quantized types.
RILL_REGISTER_OP("Min")
    .Input("input: T")
    .Input("reduction_indices: Tidx")
    .Output("output: T")
    .Attr("keep_dims: bool = false")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .SetShapeFn(shape_fns::ReductionShape)
    .SetGradient(reduce::MinOrMaxGradient)
    .SetReferenceKernel(MinKernel)
    .SetLoopEmitter(MinEmitter)
    .Summary("The minimum of the elements over the given axes.");

namespace ops {

Output Min(const Scope& scope, const Output& input, const Output& axis,
           const ReductionAttrs& attrs) {
  return OpBuilder(scope, "Min")
      .Input(input)
      .Input(axis)
      .Attr("keep_dims", attrs.keep_dims)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
