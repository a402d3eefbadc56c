// TanhGrad: the gradient of Tanh from its output y and the incoming gradient dy, dy * (1 - y^2)
// (TensorFlow's TanhGrad: inputs y, dy; output z; attr T). A composite: it has an expand
// function into Square, Sub and Mul and no kernel of its own.
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
absl::Status TanhGradShape(ShapeContext& c) {
  absl::StatusOr<PartialShape> merged = c.input(0).Merge(c.input(1));
  if (!merged.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("y and dy must have the same shape, got ",
                                                   c.input(0).DebugString(), " and ",
                                                   c.input(1).DebugString()));
  }
  c.set_output(0, *std::move(merged));
  return absl::OkStatus();
}

// 3. Gradient (TensorFlow's): with g the incoming gradient, d/dy = -2 g dy y and
//    d/d(dy) = g * (1 - y^2) = TanhGrad(y, g). Registered so that autodiff works on graphs that
//    still hold the composite (second derivatives of Tanh).
absl::Status TanhGradGradient(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& y = c.input(0);
  const Output& g = c.grad(0);
  Output two_g = ops::AddV2(s, g, g);
  c.set_input_grad(0, ops::Neg(s, ops::Mul(s, two_g, ops::Mul(s, c.input(1), y))));
  c.set_input_grad(1, ops::TanhGrad(s, y, g));
  return absl::OkStatus();
}

// 4. Reference kernel: none; the executor runs the expansion.
//    Expansion: dy * (1 - y * y).
absl::Status TanhGradExpand(ExpandContext& c) {
  const Scope& s = c.scope();
  const Output& y = c.input(0);
  Output one_minus_y2 = ops::Sub(s, ops::OnesLike(s, y), ops::Square(s, y));
  c.set_output(0, ops::Mul(s, c.input(1), one_minus_y2));
  return absl::OkStatus();
}

// 5. LLVM emitter: none needed (the compiler expands composites first).

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half and complex types.
RILL_REGISTER_OP("TanhGrad")
    .Input("y: T")
    .Input("dy: T")
    .Output("z: T")
    .Attr("T: {float, double}")
    .SetIsElementwise()
    .SetShapeFn(TanhGradShape)
    .SetGradient(TanhGradGradient)
    .SetExpand(TanhGradExpand)
    .Summary("dy * (1 - y * y): the gradient of Tanh from its output y.");

namespace ops {

Output TanhGrad(const Scope& scope, const Output& y, const Output& dy) {
  return OpBuilder(scope, "TanhGrad").Input(y).Input(dy).Build().output(0);
}

}  // namespace ops
}  // namespace rill
