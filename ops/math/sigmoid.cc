// Sigmoid: elementwise logistic function 1 / (1 + e^-x) (TensorFlow's Sigmoid: input x, output
// y, attr T).
#include <cmath>

#include "graph/op_builder.h"
#include "ops/element_emitters.h"
#include "ops/dtype_dispatch.h"
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

// 3. Gradient: SigmoidGrad(y, dy) = dy * y * (1 - y), a composite expanded into primitives.
absl::Status SigmoidGradient(GradientContext& c) {
  c.set_input_grad(0, ops::SigmoidGrad(c.scope(), c.output(0), c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel.

// Never overflows: e^-|x| <= 1.
template <typename T>
T StableSigmoid(T x) {
  if (x >= 0) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

absl::Status SigmoidKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return StableSigmoid(x); });
  });
}

// 5. Element emitter: both branches of StableSigmoid, selected on x >= 0 (no branch in the loop).
absl::Status SigmoidEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  const ElemValue one = c.Constant(x.dtype, 1);
  const ElemValue pos = c.Binary(
      ElemBinaryOp::kDiv, one,
      c.Binary(ElemBinaryOp::kAdd, one, c.Unary(ElemUnaryOp::kExp, c.Unary(ElemUnaryOp::kNeg, x))));
  const ElemValue e = c.Unary(ElemUnaryOp::kExp, x);
  const ElemValue neg = c.Binary(ElemBinaryOp::kDiv, e, c.Binary(ElemBinaryOp::kAdd, one, e));
  c.set_output(0, c.Select(c.Compare(ElemCompare::kGe, x, c.Constant(x.dtype, 0)), pos, neg));
  return absl::OkStatus();
}


}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("Sigmoid")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(SigmoidGradient)
    .SetReferenceKernel(SigmoidKernel)
    .SetElementEmitter(SigmoidEmitter)
    .Summary("1 / (1 + exp(-x)) elementwise.");

namespace ops {

Output Sigmoid(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "Sigmoid").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
