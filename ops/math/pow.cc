// Pow: elementwise x to the power y with NumPy broadcasting (TensorFlow's Pow: inputs x, y;
// attr T). An integer exponent below zero is InvalidArgument (as in TensorFlow).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "absl/status/statusor.h"
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

using PowTypes = TypeList<float, double, int32_t, int64_t>;

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::BroadcastBinaryShape.

// 3. Gradient (TensorFlow's): dx = dz * y * x^(y - 1); dy = dz * z * log(x) where x > 0 and 0
//    elsewhere (log of a safe 1 there, so no NaN leaks through the unused branch). Each is
//    summed over the dims its input was broadcast along.
absl::Status PowGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& y = c.input(1);
  const Output& z = c.output(0);
  const Output& dz = c.grad(0);
  Output y_minus_1 = ops::Sub(s, y, ops::OnesLike(s, y));
  Output gx = ops::Mul(s, dz, ops::Mul(s, y, ops::Pow(s, x, y_minus_1)));
  Output positive = ops::Greater(s, x, ops::ZerosLike(s, x));
  Output safe_x = ops::Select(s, positive, x, ops::OnesLike(s, x));
  Output log_x = ops::Select(s, positive, ops::Log(s, safe_x), ops::ZerosLike(s, x));
  Output gy = ops::Mul(s, dz, ops::Mul(s, z, log_x));
  SetBroadcastBinaryGradients(c, gx, gy);
  return absl::OkStatus();
}

// 4. Reference kernel.

// x^y for an integer y >= 0 by repeated squaring; overflow wraps around (no UB).
template <typename T>
absl::StatusOr<T> IntegerPow(T x, T y) {
  if (y < 0) {
    return absl::InvalidArgumentError("integers to negative integer powers are not allowed");
  }
  T result = 1;
  while (y > 0) {
    if (y & 1) result = WrappingMul(result, x);
    y >>= 1;
    if (y > 0) x = WrappingMul(x, x);
  }
  return result;
}

absl::Status PowKernel(KernelContext& c) {
  return DispatchDtype<PowTypes>(c, c.input(0).dtype(), [&]<typename T>() -> absl::Status {
    if constexpr (std::is_floating_point_v<T>) {
      return BinaryElementwise<T>(c, [](T x, T y) { return std::pow(x, y); });
    } else {
      return BinaryElementwiseOrError<T>(c, [](T x, T y) { return IntegerPow(x, y); });
    }
  });
}

// 5. Element emitter: libm pow for floats. For integers IntegerPow's repeated squaring,
//    unrolled over every bit a non-negative exponent can have (multiplication wraps, so the
//    product is the kernel's x^y modulo 2^bits whatever the order); a negative exponent fails.
absl::Status PowEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0), y = c.input(1);
  if (x.dtype == DT_FLOAT || x.dtype == DT_DOUBLE) {
    c.set_output(0, c.Binary(ElemBinaryOp::kPow, x, y));
    return absl::OkStatus();
  }
  const ElemValue zero = c.Constant(y.dtype, 0);
  const ElemValue two = c.Constant(y.dtype, 2);
  const ElemValue negative = c.Compare(ElemCompare::kLt, y, zero);
  c.FailIf(negative, "integers to negative integer powers are not allowed");
  ElemValue exponent = c.Select(negative, zero, y);
  ElemValue base = x;
  ElemValue result = c.Constant(x.dtype, 1);
  const int bits = x.dtype == DT_INT32 ? 31 : 63;
  for (int bit = 0; bit < bits; ++bit) {
    const ElemValue odd =
        c.Compare(ElemCompare::kNe, c.Binary(ElemBinaryOp::kRem, exponent, two), zero);
    result = c.Select(odd, c.Binary(ElemBinaryOp::kMul, result, base), result);
    base = c.Binary(ElemBinaryOp::kMul, base, base);
    exponent = c.Binary(ElemBinaryOp::kDiv, exponent, two);
  }
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16 and complex types.
RILL_REGISTER_OP("Pow")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, int32, int64}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(PowGrad)
    .SetReferenceKernel(PowKernel)
    .SetElementEmitter(PowEmitter)
    .Summary("x to the power y elementwise, with broadcasting.");

namespace ops {

Output Pow(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "Pow").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
