// Identity: returns its input unchanged (TensorFlow's Identity: attr T).
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// dx = dy.
absl::Status IdentityGrad(GradientContext& c) {
  c.set_input_grad(0, c.grad(0));
  return absl::OkStatus();
}

// Passes the input through (sharing its buffer); a ref input arrives already read as a value.
absl::Status IdentityKernel(KernelContext& c) {
  c.set_output(0, c.input(0));
  return absl::OkStatus();
}

// No emitter: the compiler forwards the buffer.

}  // namespace

RILL_REGISTER_OP("Identity")
    .Input("input: T")
    .Output("output: T")
    .Attr("T: type")
    .SetForwardsInput()
    .SetShapeFn(shape_fns::ForwardInputShapeAndValue)
    .SetGradient(IdentityGrad)
    .SetReferenceKernel(IdentityKernel)
    .Summary("Returns the input tensor unchanged.");

namespace ops {

Output Identity(const Scope& scope, const Output& input) {
  return OpBuilder(scope, "Identity").Input(input).Build().output(0);
}

}  // namespace ops
}  // namespace rill
