// FloorMod: elementwise x - floor(x / y) * y with NumPy broadcasting, Python's % (TensorFlow's
// FloorMod: inputs x, y; attr T). Integer y = 0 is InvalidArgument.
#include <cmath>
#include <type_traits>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math/integer_division.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient (TensorFlow's): z = x - floor(x / y) * y with the floor piecewise constant, so
//    dx = dz and dy = dz * -floor(x / y), each summed over its broadcast dims.
absl::Status FloorModGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& dz = c.grad(0);
  Output floor_xy = ops::FloorDiv(s, c.input(0), c.input(1));
  SetBroadcastBinaryGradients(c, dz, ops::Mul(s, dz, ops::Neg(s, floor_xy)));
  return absl::OkStatus();
}

// 4. Reference kernel.

// The floating-point remainder with the sign of y (NaN for y = 0, like fmod).
template <typename T>
T FloatFloorMod(T x, T y) {
  const T r = std::fmod(x, y);
  return (r != 0 && ((y < 0) != (r < 0))) ? r + y : r;
}

absl::Status FloorModKernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() -> absl::Status {
    if constexpr (std::is_floating_point_v<T>) {
      return BinaryElementwise<T>(c, [](T x, T y) { return FloatFloorMod(x, y); });
    } else {
      return BinaryElementwiseOrError<T>(c, [](T x, T y) { return math::FlooringModulo(x, y); });
    }
  });
}

// 5. Element emitter: FloatFloorMod (fmod, then + y when the remainder is non-zero and its
//    sign differs from y's) and math::FlooringModulo for integers: y = 0 fails the kernel; y = -1
//    is divided as 1, which gives the kernel's 0 without INT_MIN % -1.
absl::Status FloorModEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0), y = c.input(1);
  const ElemValue zero = c.Constant(x.dtype, 0);
  ElemValue d = y;
  if (x.dtype != DT_FLOAT && x.dtype != DT_DOUBLE) {
    ElemValue bad = c.Compare(ElemCompare::kEq, y, zero);
    c.FailIf(bad, "integer division by zero");
    if (IsSignedIntegerElem(x.dtype)) {
      bad = c.Binary(ElemBinaryOp::kLogicalOr, bad,
                     c.Compare(ElemCompare::kEq, y, c.Constant(y.dtype, -1)));
    }
    d = c.Select(bad, c.Constant(y.dtype, 1), y);
    if (!IsSignedIntegerElem(x.dtype)) {
      c.set_output(0, c.Binary(ElemBinaryOp::kRem, x, d));
      return absl::OkStatus();
    }
  }
  const ElemValue r = c.Binary(ElemBinaryOp::kRem, x, d);
  const ElemValue signs_differ = c.Compare(ElemCompare::kNe, c.Compare(ElemCompare::kLt, d, zero),
                                           c.Compare(ElemCompare::kLt, r, zero));
  const ElemValue adjust = c.Binary(ElemBinaryOp::kLogicalAnd,
                                    c.Compare(ElemCompare::kNe, r, zero), signs_differ);
  c.set_output(0, c.Select(adjust, c.Binary(ElemBinaryOp::kAdd, r, d), r));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16 and the wider unsigned
// types.
RILL_REGISTER_OP("FloorMod")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(FloorModGrad)
    .SetReferenceKernel(FloorModKernel)
    .SetElementEmitter(FloorModEmitter)
    .Summary("x - floor(x / y) * y elementwise, with broadcasting (Python's %).");

namespace ops {

Output FloorMod(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "FloorMod").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
