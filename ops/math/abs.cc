// Abs: elementwise |x| (TensorFlow's Abs: input x, output y, attr T).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

using AbsTypes = TypeList<float, double, int32_t, int64_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient: dx = dy * sign(x) (0 at x = 0, as in TensorFlow).
absl::Status AbsGrad(GradientContext& c) {
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::Mul(s, c.grad(0), ops::Sign(s, c.input(0))));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status AbsKernel(KernelContext& c) {
  return DispatchDtype<AbsTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) {
      if constexpr (std::is_floating_point_v<T>) {
        return std::fabs(x);
      } else {
        return x < 0 ? WrappingSub(T(0), x) : x;  // |INT_MIN| wraps to INT_MIN, as in TensorFlow
      }
    });
  });
}

// 5. Element emitter: fabs for floats; x < 0 ? 0 - x : x for integers (kAbs wraps
//    INT_MIN to itself, as WrappingSub).

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8 and int16.
RILL_REGISTER_OP("Abs")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(AbsGrad)
    .SetReferenceKernel(AbsKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kAbs))
    .Summary("|x| elementwise.");

namespace ops {

Output Abs(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Abs").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
