// Neg: elementwise -x (TensorFlow's Neg: input x, output y, attr T).
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

using NegTypes = TypeList<float, double, int32_t, int64_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient: dx = -dy.
absl::Status NegGrad(GradientContext& c) {
  c.set_input_grad(0, ops::Neg(c.scope(), c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel. -INT_MIN wraps around to INT_MIN (two's complement, no UB).
absl::Status NegKernel(KernelContext& c) {
  return DispatchDtype<NegTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) {
      if constexpr (std::is_floating_point_v<T>) {
        return -x;  // -0.0 for 0.0, unlike 0 - x
      } else {
        return WrappingSub(T(0), x);
      }
    });
  });
}

// 5. Element emitter (compiled code): one negation.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16 and complex types.
RILL_REGISTER_OP("Neg")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(NegGrad)
    .SetReferenceKernel(NegKernel)
    .SetElementEmitter(UnaryEmitter(ElemUnaryOp::kNeg))
    .Summary("-x elementwise.");

namespace ops {

Output Neg(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Neg").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
