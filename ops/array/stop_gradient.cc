// StopGradient: passes its input through; autodiff treats it as a constant (TensorFlow's
// StopGradient: input `input`, attr T).
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// Gradient: none by definition (SetNoGradient below).

absl::Status StopGradientKernel(KernelContext& c) {
  c.set_output(0, c.input(0));
  return absl::OkStatus();
}

// No emitter: the compiler forwards the buffer.

}  // namespace

RILL_REGISTER_OP("StopGradient")
    .Input("input: T")
    .Output("output: T")
    .Attr("T: type")
    .SetForwardsInput()
    .SetShapeFn(shape_fns::ForwardInputShapeAndValue)
    .SetNoGradient()
    .SetReferenceKernel(StopGradientKernel)
    .Summary("The input; no gradient flows back through it.");

namespace ops {

Output StopGradient(const Scope& scope, const Output& input) {
  return OpBuilder(scope, "StopGradient").Input(input).Build().output(0);
}

}  // namespace ops
}  // namespace rill
