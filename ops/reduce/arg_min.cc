// ArgMin: the index of the smallest element of `input` along one axis (TensorFlow's ArgMin:
// inputs input, dimension; attrs T, Tidx, output_type).
#include <cstdint>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/reduce/reduction_util.h"
#include "ops/reduce_ops.h"
#include "ops/reduction_emitter.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.
// 2. Shape function: reduce::ArgReductionShape.
// 3. Gradient: none (an index is not differentiable; TensorFlow's NotDifferentiable).

// 4. Reference kernel: ties give the first index; a NaN wins over numbers and the first NaN
//    wins among NaNs (NumPy's argmin).
template <typename T>
bool IsNaN(T v) {
  return v != v;
}

absl::Status ArgMinKernel(KernelContext& c) {
  return DispatchDtype<RealAndBoolTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return DispatchDtype<IndexTypes>(c, c.output_dtype(0), [&]<typename R>() {
      return reduce::ArgReduceKernel<T, R>(c, [](T candidate, T best) {
        return !IsNaN(best) && (IsNaN(candidate) || candidate < best);
      });
    });
  });
}

// 5. Loop emitter: the same scan, first best wins (ops/reduction_emitter.h).
absl::Status ArgMinEmitter(EmitterContext& c) { return EmitArgReduction(c, ElemCompare::kLt); }

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, the other ints and complex types for T,
// int16 for Tidx, and int16/uint16 for output_type.
RILL_REGISTER_OP("ArgMin")
    .Input("input: T")
    .Input("dimension: Tidx")
    .Output("output: output_type")
    .Attr("T: {float, double, int32, int64, uint8, bool}")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .Attr("output_type: {int32, int64} = DT_INT64")
    .SetShapeFn(reduce::ArgReductionShape)
    .SetNoGradient()
    .SetReferenceKernel(ArgMinKernel)
    .SetLoopEmitter(ArgMinEmitter)
    .Summary("The index of the smallest element along one axis.");

namespace ops {

Output ArgMin(const Scope& scope, const Output& input, const Output& dimension,
              const ArgReductionAttrs& attrs) {
  return OpBuilder(scope, "ArgMin")
      .Input(input)
      .Input(dimension)
      .Attr("output_type", attrs.output_type)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
