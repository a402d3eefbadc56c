// FloorDiv: elementwise floor(x / y) with NumPy broadcasting, Python's // (TensorFlow's FloorDiv:
// inputs x, y; attr T). Integer division by zero and INT_MIN / -1 are InvalidArgument.
#include <cmath>
#include <type_traits>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/kernel_context.h"
#include "ops/math/integer_division.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient: none. The result is piecewise constant; TensorFlow's gradient returns None for
//    both inputs, which autodiff treats like a constant (SetNoGradient).

// 4. Reference kernel. Floats: floor(x / y) (IEEE for y = 0).
absl::Status FloorDivKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() -> absl::Status {
    if constexpr (std::is_floating_point_v<T>) {
      return BinaryElementwise<T>(c, [](T x, T y) { return std::floor(x / y); });
    } else {
      return BinaryElementwiseOrError<T>(c, [](T x, T y) { return math::FlooringDivide(x, y); });
    }
  });
}

// 5. Element emitter: floor(x / y) for floats; for integers math::FlooringDivide: the
//    division checks, the truncating quotient, minus one when the remainder is not zero and x and
//    y differ in sign.
absl::Status FloorDivEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0), y = c.input(1);
  if (x.dtype == DT_FLOAT || x.dtype == DT_DOUBLE) {
    c.set_output(0, c.Unary(ElemUnaryOp::kFloor, c.Binary(ElemBinaryOp::kDiv, x, y)));
    return absl::OkStatus();
  }
  const ElemValue d = GuardedIntegerDivisor(c, x, y);
  const ElemValue q = c.Binary(ElemBinaryOp::kDiv, x, d);
  if (!IsSignedIntegerElem(x.dtype)) {
    c.set_output(0, q);
    return absl::OkStatus();
  }
  const ElemValue zero = c.Constant(x.dtype, 0);
  const ElemValue inexact =
      c.Compare(ElemCompare::kNe, c.Binary(ElemBinaryOp::kRem, x, d), zero);
  const ElemValue signs_differ = c.Compare(ElemCompare::kNe, c.Compare(ElemCompare::kLt, x, zero),
                                           c.Compare(ElemCompare::kLt, d, zero));
  c.set_output(0, c.Select(c.Binary(ElemBinaryOp::kLogicalAnd, inexact, signs_differ),
                           c.Binary(ElemBinaryOp::kSub, q, c.Constant(x.dtype, 1)), q));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16, uint16 and complex types.
RILL_REGISTER_OP("FloorDiv")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetNoGradient()
    .SetReferenceKernel(FloorDivKernel)
    .SetElementEmitter(FloorDivEmitter)
    .Summary("floor(x / y) elementwise, with broadcasting (Python's //).");

namespace ops {

Output FloorDiv(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "FloorDiv").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
