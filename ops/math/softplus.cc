// Softplus: elementwise log(1 + e^features), computed without overflow (TensorFlow's Softplus:
// input features, output activations, attr T).
#include <cmath>

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

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: shape_fns::UnchangedShape.

// 3. Gradient (TensorFlow's SoftplusGrad): dx = dy / (1 + e^-x) = dy * sigmoid(x).
absl::Status SoftplusGrad(GradientContext& c) {
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::Mul(s, c.grad(0), ops::Sigmoid(s, c.input(0))));
  return absl::OkStatus();
}

// 4. Reference kernel.

// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact for large |x| and never overflows.
template <typename T>
T StableSoftplus(T x) {
  if (x > 0) return x + std::log1p(std::exp(-x));
  return std::log1p(std::exp(x));
}

absl::Status SoftplusKernel(KernelContext& c) {
  return DispatchDtype<FloatTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return UnaryElementwise<T>(c, [](T x) { return StableSoftplus(x); });
  });
}

// 5. Element emitter: both branches of StableSoftplus, selected on x > 0.
absl::Status SoftplusEmitter(EmitterContext& c) {
  const ElemValue x = c.input(0);
  const ElemValue pos = c.Binary(
      ElemBinaryOp::kAdd, x,
      c.Unary(ElemUnaryOp::kLog1p, c.Unary(ElemUnaryOp::kExp, c.Unary(ElemUnaryOp::kNeg, x))));
  const ElemValue neg = c.Unary(ElemUnaryOp::kLog1p, c.Unary(ElemUnaryOp::kExp, x));
  c.set_output(0, c.Select(c.Compare(ElemCompare::kGt, x, c.Constant(x.dtype, 0)), pos, neg));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16 and half.
RILL_REGISTER_OP("Softplus")
    .Input("features: T")
    .Output("activations: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient(SoftplusGrad)
    .SetReferenceKernel(SoftplusKernel)
    .SetElementEmitter(SoftplusEmitter)
    .Summary("log(1 + exp(features)) elementwise.");

namespace ops {

Output Softplus(const Scope& scope, const Output& features) {
  return OpBuilder(scope, "Softplus").Input(features).Build().output(0);
}

}  // namespace ops
}  // namespace rill
