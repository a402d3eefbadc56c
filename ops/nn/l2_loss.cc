// L2Loss: sum(t ** 2) / 2 over all elements (TensorFlow's L2Loss: input t; attr T). A composite:
// it expands into Mul, Reshape and Sum, so it has no kernel of its own.
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/math/scalar_const.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.
// 2. Shape function: shape_fns::ScalarShape.

// 3. Gradient (registered so autodiff works before expansion; TensorFlow's _L2LossGrad):
//    t * dy.
absl::Status L2LossGradient(GradientContext& c) {
  c.set_input_grad(0, ops::Mul(c.scope(), c.input(0), c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel: none; the expansion runs instead. Flattening first lets one Sum over
//    axis 0 cover any rank, also an unknown one; an empty t gives 0.
absl::Status L2LossExpand(ExpandContext& c) {
  const Scope& s = c.scope();
  const Output& t = c.input(0);
  Output squares = ops::Reshape(s, ops::Mul(s, t, t), ops::Const(s, {-1}));
  Output sum = ops::Sum(s, squares, ops::Const(s, 0));
  c.set_output(0, ops::Mul(s, sum, ops::ScalarConst(s, t.dtype(), 0.5)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none (composites are expanded before code generation).

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("L2Loss")
    .Input("t: T")
    .Output("output: T")
    .Attr("T: {float, double}")
    .SetShapeFn(shape_fns::ScalarShape)
    .SetGradient(L2LossGradient)
    .SetExpand(L2LossExpand)
    .Summary("sum(t ** 2) / 2.");

namespace ops {

Output L2Loss(const Scope& scope, const Output& t) {
  return OpBuilder(scope, "L2Loss").Input(t).Build().output(0);
}

}  // namespace ops
}  // namespace rill
