// Cast: x converted to another dtype (TensorFlow's Cast: input x: SrcT, output y: DstT, attrs
// SrcT, DstT, Truncate). Float -> integer truncates toward zero and saturates at the target's
// range (NaN -> 0); integer -> integer wraps; anything -> bool is x != 0; bool -> number is 0/1.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "graph/types.h"
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

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient (TensorFlow's): between floating-point types, dy cast back to SrcT; no gradient
//    flows to or from a non-float side.
absl::Status CastGrad(GradientContext& c) {
  const DataType src = c.input(0).dtype();
  const DataType dst = c.output(0).dtype();
  if (IsFloatDtype(src) && IsFloatDtype(dst)) {
    c.set_input_grad(0, ops::Cast(c.scope(), c.grad(0), src));
  }
  return absl::OkStatus();
}

// 4. Reference kernel: every pair of number/bool dtypes (strings cannot be cast).

// One element converted from From to To, with the rules in the file comment. No conversion here
// has undefined behaviour in C++ (out-of-range float -> integer or double -> float).
template <typename To, typename From>
To CastValue(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);  // NaN != 0, so NaN -> true
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    if (std::isnan(v)) return To(0);
    // The float nearest the limit may round beyond it (float(INT32_MAX) = 2^31), so compare
    // with >= / <= and only convert values strictly inside the range.
    constexpr From kMax = static_cast<From>(std::numeric_limits<To>::max());
    constexpr From kLowest = static_cast<From>(std::numeric_limits<To>::lowest());
    if (v >= kMax) return std::numeric_limits<To>::max();
    if (v <= kLowest) return std::numeric_limits<To>::lowest();
    return static_cast<To>(v);
  } else if constexpr (std::is_same_v<From, double> && std::is_same_v<To, float>) {
    // IEEE round-to-nearest, spelled out beyond float's range (where the C++ conversion is
    // undefined): from halfway between FLT_MAX and 2^128 up, the result is infinity.
    constexpr double kFloatMax = std::numeric_limits<float>::max();
    constexpr double kHalfway = 0x1.ffffffp127;
    constexpr float kInf = std::numeric_limits<float>::infinity();
    if (v >= kHalfway) return kInf;
    if (v <= -kHalfway) return -kInf;
    if (v > kFloatMax) return std::numeric_limits<float>::max();
    if (v < -kFloatMax) return std::numeric_limits<float>::lowest();
    return static_cast<float>(v);
  } else {
    // Integer -> integer wraps (C++20 defines it); integer/bool -> float and float -> double are
    // exact or rounded.
    return static_cast<To>(v);
  }
}

using CastTypes = RealAndBoolTypes;

absl::Status CastKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(DataType dst, c.attrs().GetType("DstT"));
  return DispatchDtype<CastTypes>(c, c.input(0).dtype(), [&]<typename From>() {
    return DispatchDtype<CastTypes>(c, dst, [&]<typename To>() {
      return UnaryElementwise<From, To>(c, [](From v) { return CastValue<To, From>(v); });
    });
  });
}

// 5. Element emitter: EmitterContext::Cast has CastValue's rules (float -> integer truncates,
//    saturates and maps NaN to 0; double -> float rounds to nearest; x -> bool is x != 0).
//    Truncate only matters for half and bfloat16, which rill does not have (the kernel ignores it
//    too). Strings stay on the reference kernel (codegen has no string type).
absl::Status CastEmitter(EmitterContext& c) {
  c.set_output(0, c.Cast(c.input(0), c.output_dtype(0)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow's Truncate only changes the rounding of float -> half/bfloat16,
// which rill does not have; the attr is accepted for compatibility and has no effect.
RILL_REGISTER_OP("Cast")
    .Input("x: SrcT")
    .Output("y: DstT")
    .Attr("SrcT: type")
    .Attr("DstT: type")
    .Attr("Truncate: bool = false")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(CastGrad)
    .SetReferenceKernel(CastKernel)
    .SetElementEmitter(CastEmitter)
    .Summary("x converted to DstT (float -> int saturates, NaN -> 0).");

namespace ops {

Output Cast(const Scope& scope, const Output& x, DataType dst_type, const CastAttrs& attrs) {
  return OpBuilder(scope, "Cast")
      .Input(x)
      .Attr("DstT", dst_type)
      .Attr("Truncate", attrs.truncate)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
