// PreventGradient: passes its input through; asking autodiff for a gradient through it is an
// error (TensorFlow's PreventGradient: input `input`, attrs T, message).
#include <string>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// The gradient is an error carrying the op's message.
absl::Status PreventGradientGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(std::string message, c.attrs().GetString("message"));
  return c.InvalidArgument("gradient explicitly disabled",
                           message.empty() ? "" : absl::StrCat(". Reason: ", message));
}

absl::Status PreventGradientKernel(KernelContext& c) {
  c.set_output(0, c.input(0));
  return absl::OkStatus();
}

// No emitter: the compiler forwards the buffer.

}  // namespace

RILL_REGISTER_OP("PreventGradient")
    .Input("input: T")
    .Output("output: T")
    .Attr("T: type")
    .Attr("message: string = ''")
    .SetForwardsInput()
    .SetShapeFn(shape_fns::ForwardInputShapeAndValue)
    .SetGradient(PreventGradientGrad)
    .SetReferenceKernel(PreventGradientKernel)
    .Summary("The input; computing a gradient through it is an error.");

namespace ops {

Output PreventGradient(const Scope& scope, const Output& input, absl::string_view message) {
  return OpBuilder(scope, "PreventGradient")
      .Input(input)
      .Attr("message", message)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
