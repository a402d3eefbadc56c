// Relu6: elementwise min(max(features, 0), 6) (TensorFlow's Relu6: input features, output
// activations, attr T).
#include <algorithm>

#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math/scalar_const.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient (TensorFlow's Relu6Grad): dy where 0 < features < 6, else 0.
absl::Status Relu6Grad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& dy = c.grad(0);
  Output inside = ops::LogicalAnd(s, ops::Greater(s, x, ops::ScalarConst(s, x.dtype(), 0)),
                                  ops::Less(s, x, ops::ScalarConst(s, x.dtype(), 6)));
  c.set_input_grad(0, ops::Select(s, inside, dy, ops::ZerosLike(s, dy)));
  return absl::OkStatus();
}

// 4. Reference kernel.
absl::Status Relu6Kernel(KernelContext& c) {
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    // std::max / std::min return their first argument when a comparison with NaN is false, so NaN
    // propagates.
    return UnaryElementwise<T>(c, [](T x) { return std::min(std::max(x, T(0)), T(6)); });
  });
}

// 5. Element emitter: std::min(std::max(x, 0), 6) spelled out: max(a, b) = a < b ? b : a and
//    min(a, b) = b < a ? b : a, so NaN and -0.0 pass through as in the kernel.
absl::Status Relu6Emitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  const ElemValue zero = c.Constant(x.dtype, 0);
  const ElemValue six = c.Constant(x.dtype, 6);
  const ElemValue m = c.Select(c.Compare(ElemCompare::kLt, x, zero), zero, x);
  c.set_output(0, c.Select(c.Compare(ElemCompare::kLt, six, m), six, m));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16 and the wider unsigned
// types.
RILL_REGISTER_OP("Relu6")
    .Input("features: T")
    .Output("activations: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(Relu6Grad)
    .SetReferenceKernel(Relu6Kernel)
    .SetElementEmitter(Relu6Emitter)
    .Summary("min(max(features, 0), 6) elementwise.");

namespace ops {

Output Relu6(const Scope& scope, const Output& features) {
  return OpBuilder(scope, "Relu6").Input(features).Build().output(0);
}

}  // namespace ops
}  // namespace rill
