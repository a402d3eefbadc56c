// NotEqual: elementwise x != y (bool) with NumPy broadcasting, for numbers, bools and strings
// (TensorFlow's NotEqual: inputs x, y; output z; attrs T, incompatible_shape_error; commutative).
#include "graph/op_builder.h"
#include "ops/element_emitters.h"
#include "ops/kernel_context.h"
#include "ops/math/equality.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: math::EqualityShape (broadcast; unknown for incompatible shapes when
//    incompatible_shape_error is false).

// 3. Gradient: none (a bool output; TensorFlow's NotDifferentiable).

// 4. Reference kernel: math::EqualityKernel. NaN compares unequal to everything.
absl::Status NotEqualKernel(KernelContext& c) {
  return math::EqualityKernel(c, /*not_equal=*/true);
}

// 5. Element emitter: x != y (true with a NaN). Strings stay on the reference
//    kernel (codegen has no string type); with incompatible_shape_error = false and shapes that
//    do not broadcast the output shape is unknown, so the node is not lowered either.

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16, complex and quantized
// types.
RILL_REGISTER_OP("NotEqual")
    .Input("x: T")
    .Input("y: T")
    .Output("z: bool")
    .Attr("T: {float, double, uint8, int32, int64, string, bool}")
    .Attr("incompatible_shape_error: bool = true")
    .SetIsCommutative()
    .SetIsElementwise()
    .SetShapeFn(math::EqualityShape)
    .SetNoGradient()
    .SetReferenceKernel(NotEqualKernel)
    .SetElementEmitter(CompareEmitter(ElemCompare::kNe))
    .Summary("x != y elementwise, with broadcasting.");

namespace ops {

Output NotEqual(const Scope& scope, const Output& x, const Output& y, const EqualityAttrs& attrs) {
  return OpBuilder(scope, "NotEqual")
      .Input(x)
      .Input(y)
      .Attr("incompatible_shape_error", attrs.incompatible_shape_error)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
