// Sign: elementwise -1, 0 or 1 by the sign of x; NaN stays NaN (TensorFlow's Sign: input x,
// output y, attr T).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "graph/op_builder.h"
#include "ops/array_ops.h"
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

using SignTypes = TypeList<float, double, int32_t, int64_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient: zero almost everywhere (TensorFlow's gradient is zeros_like(x), not "none").
absl::Status SignGrad(GradientContext& c) {
  c.set_input_grad(0, ops::ZerosLike(c.scope(), c.input(0)));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status SignKernel(KernelContext& c) {
  return DispatchDtype<SignTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) {
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(x)) return x;
      }
      return static_cast<T>((x > 0) - (x < 0));
    });
  });
}

// 5. Element emitter: (x > 0) - (x < 0) as selects (0 is +0.0 for floats); NaN stays NaN.
absl::Status SignEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  const ElemValue zero = c.Constant(x.dtype, 0);
  ElemValue s = c.Select(c.Compare(ElemCompare::kGt, x, zero), c.Constant(x.dtype, 1),
                         c.Select(c.Compare(ElemCompare::kLt, x, zero), c.Constant(x.dtype, -1),
                                  zero));
  if (x.dtype == DT_FLOAT || x.dtype == DT_DOUBLE) {
    s = c.Select(c.Unary(ElemUnaryOp::kIsNan, x), x, s);
  }
  c.set_output(0, s);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Sign")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(SignGrad)
    .SetReferenceKernel(SignKernel)
    .SetElementEmitter(SignEmitter)
    .Summary("-1, 0 or 1 by the sign of x elementwise.");

namespace ops {

Output Sign(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Sign").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
