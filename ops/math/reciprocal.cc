// Reciprocal: elementwise 1 / x (TensorFlow's Reciprocal: input x, output y, attr T). Integer
// x = 0 is InvalidArgument; other integers truncate (1 / 2 = 0).
#include <cstdint>
#include <type_traits>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math/integer_division.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

using ReciprocalTypes = TypeList<float, double, int32_t, int64_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient (TensorFlow's ReciprocalGrad): dx = -dy * y * y with y = 1 / x.
absl::Status ReciprocalGrad(GradientContext& c) {
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::Mul(s, c.grad(0), ops::Neg(s, ops::Square(s, c.output(0)))));
  return absl::OkStatus();
}

// 4. Reference kernel (IEEE for floats: 1 / 0 = inf).
absl::Status ReciprocalKernel(KernelContext& c) {
  return DispatchDtype<ReciprocalTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    if constexpr (std::is_floating_point_v<T>) {
      return UnaryElementwise<T>(c, [](T x) { return T(1) / x; });
    } else {
      const Tensor& in = c.input(0);
      for (int64_t i = 0; i < in.num_elements(); ++i) {
        RETURN_IF_ERROR(c.AddContext(math::CheckIntegerDivision(T(1), in.data<T>()[i])));
      }
      return UnaryElementwise<T>(c, [](T x) { return static_cast<T>(T(1) / x); });
    }
  });
}

// 5. Element emitter: 1 / x; for integers x = 0 fails the kernel first (1 / -1 cannot
//    overflow).
absl::Status ReciprocalEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  const ElemValue one = c.Constant(x.dtype, 1);
  if (x.dtype == DT_FLOAT || x.dtype == DT_DOUBLE) {
    c.set_output(0, c.Binary(ElemBinaryOp::kDiv, one, x));
  } else {
    c.set_output(0, c.Binary(ElemBinaryOp::kDiv, one, GuardedIntegerDivisor(c, one, x)));
  }
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16 and complex types.
RILL_REGISTER_OP("Reciprocal")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(ReciprocalGrad)
    .SetReferenceKernel(ReciprocalKernel)
    .SetElementEmitter(ReciprocalEmitter)
    .Summary("1 / x elementwise.");

namespace ops {

Output Reciprocal(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Reciprocal").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
