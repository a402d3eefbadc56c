// Minimum: elementwise min(x, y) with NumPy broadcasting (TensorFlow's Minimum: inputs x, y; attr
// T). NaN in either input gives NaN.
#include <cmath>
#include <type_traits>

#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

using MinimumTypes = TypeList<float, double, int32_t, int64_t, uint8_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient (TensorFlow's): dz goes to x where x <= y (ties go to x) and to y elsewhere,
//    each summed over the dims its input was broadcast along.
absl::Status MinimumGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& dz = c.grad(0);
  Output x_wins = ops::LessEqual(s, c.input(0), c.input(1));
  Output zeros = ops::ZerosLike(s, dz);
  SetBroadcastBinaryGradients(c, ops::Select(s, x_wins, dz, zeros),
                              ops::Select(s, x_wins, zeros, dz));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status MinimumKernel(KernelContext& c) {
  return DispatchDtype<MinimumTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T>(c, [](T x, T y) {
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(x)) return x;
        if (std::isnan(y)) return y;
      }
      return x < y ? x : y;
    });
  });
}

// 5. Element emitter: the kernel's rule spelled out (NaN wins, then x < y ? x : y).
absl::Status MinimumEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0), y = c.input(1);
  ElemValue z = c.Select(c.Compare(ElemCompare::kLt, x, y), x, y);
  if (x.dtype == DT_FLOAT || x.dtype == DT_DOUBLE) {
    z = c.Select(c.Unary(ElemUnaryOp::kIsNan, y), y, z);
    z = c.Select(c.Unary(ElemUnaryOp::kIsNan, x), x, z);
  }
  c.set_output(0, z);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16 and the wider unsigned
// types.
RILL_REGISTER_OP("Minimum")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(MinimumGrad)
    .SetReferenceKernel(MinimumKernel)
    .SetElementEmitter(MinimumEmitter)
    .Summary("min(x, y) elementwise, with broadcasting; NaN if either is NaN.");

namespace ops {

Output Minimum(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "Minimum").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
