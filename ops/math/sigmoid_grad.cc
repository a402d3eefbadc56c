// SigmoidGrad: the gradient of Sigmoid from its output y and the incoming gradient dy,
// dy * y * (1 - y) (TensorFlow's SigmoidGrad: inputs y, dy; output z; attr T). A composite: it
// has an expand function into Sub and Mul and no kernel of its own.
#include "absl/strings/str_cat.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: y and dy have one shape (TensorFlow only copies y's; merging also catches
//    a mismatch while building).
absl::Status SigmoidGradShape(ShapeContext& c) {
  absl::StatusOr<PartialShape> merged = c.input(0).Merge(c.input(1));
  if (!merged.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("y and dy must have the same shape, got ",
                                                   c.input(0).DebugString(), " and ",
                                                   c.input(1).DebugString()));
  }
  c.set_output(0, *std::move(merged));
  return absl::OkStatus();
}

// 3. Gradient (TensorFlow's): with g the incoming gradient, d/dy = g * dy * (1 - 2y) and
//    d/d(dy) = g * y * (1 - y) = SigmoidGrad(y, g). Registered so that autodiff works on graphs
//    that still hold the composite (second derivatives of Sigmoid).
absl::Status SigmoidGradGradient(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& y = c.input(0);
  Output g_dy = ops::Mul(s, c.grad(0), c.input(1));
  c.set_input_grad(0, ops::Sub(s, g_dy, ops::Mul(s, ops::AddV2(s, g_dy, g_dy), y)));
  c.set_input_grad(1, ops::SigmoidGrad(s, y, c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel: none; the executor runs the expansion.
//    Expansion: dy * (y * (1 - y)).
absl::Status SigmoidGradExpand(ExpandContext& c) {
  const Scope& s = c.scope();
  const Output& y = c.input(0);
  Output one_minus_y = ops::Sub(s, ops::OnesLike(s, y), y);
  c.set_output(0, ops::Mul(s, c.input(1), ops::Mul(s, y, one_minus_y)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none needed (the compiler expands composites first).

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("SigmoidGrad")
    .Input("y: T")
    .Input("dy: T")
    .Output("z: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(SigmoidGradShape)
    .SetGradient(SigmoidGradGradient)
    .SetExpand(SigmoidGradExpand)
    .Summary("dy * y * (1 - y): the gradient of Sigmoid from its output y.");

namespace ops {

Output SigmoidGrad(const Scope& scope, const Output& y, const Output& dy) {
  return OpBuilder(scope, "SigmoidGrad").Input(y).Input(dy).Build().output(0);
}

}  // namespace ops
}  // namespace rill
