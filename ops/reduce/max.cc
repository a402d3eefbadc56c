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

// 5. Loop emitter: the same fold (NaN sticks, then x > acc ? x : acc) from the same init.
absl::Status MaxEmitter(EmitterContext& c) {
  const DataType t = c.output_dtype(0);
  const bool fp = t == DT_FLOAT || t == DT_DOUBLE;
  ElemValue init;
  if (fp) {
    init = c.Constant(t, -std::numeric_limits<double>::infinity());
  } else {
    // Through an index: int64's extremes are not doubles.
    int64_t v = 0;
    if (t == DT_INT32) v = std::numeric_limits<int32_t>::lowest();
    if (t == DT_INT64) v = std::numeric_limits<int64_t>::lowest();
    if (t == DT_UINT8) v = std::numeric_limits<uint8_t>::lowest();
    init = c.IndexToValue(c.Index(v), t);
  }
  return EmitReduction(c, init, [fp](EmitterContext& e, ElemValue acc, ElemValue x) {
    ElemValue r = e.Select(e.Compare(ElemCompare::kGt, x, acc), x, acc);
    if (fp) {
      r = e.Select(e.Unary(ElemUnaryOp::kIsNan, x), x, r);
      r = e.Select(e.Unary(ElemUnaryOp::kIsNan, acc), acc, r);
    }
    return r;
  });
}

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
