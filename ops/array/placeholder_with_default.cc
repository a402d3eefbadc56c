// PlaceholderWithDefault: passes `input` through unless it is fed (TensorFlow's op: input `input`,
// attrs `dtype`, `shape`).
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// Output shape = the `shape` attr, which the default input must be compatible with (a feed may
// be less specific than the default, as in TensorFlow).
absl::Status PlaceholderWithDefaultShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape shape, c.attrs().GetShape("shape"));
  if (!c.input(0).IsCompatibleWith(shape)) {
    return absl::InvalidArgumentError(absl::StrCat("default input shape ", c.input(0).DebugString(),
                                                   " is not compatible with attr 'shape' ",
                                                   shape.DebugString()));
  }
  c.set_output(0, std::move(shape));
  return absl::OkStatus();
}

// The gradient passes through to the default input, like Identity.
absl::Status PlaceholderWithDefaultGrad(GradientContext& c) {
  c.set_input_grad(0, c.grad(0));
  return absl::OkStatus();
}

// Unfed: the default input. (A fed value replaces the output; the executor checks its shape.)
absl::Status PlaceholderWithDefaultKernel(KernelContext& c) {
  c.set_output(0, c.input(0));
  return absl::OkStatus();
}

// No emitter: the compiler passes it in as an argument or folds it to its input.

}  // namespace

RILL_REGISTER_OP("PlaceholderWithDefault")
    .Input("input: dtype")
    .Output("output: dtype")
    .Attr("dtype: type")
    .Attr("shape: shape")
    .SetForwardsInput()
    .SetShapeFn(PlaceholderWithDefaultShape)
    .SetGradient(PlaceholderWithDefaultGrad)
    .SetReferenceKernel(PlaceholderWithDefaultKernel)
    .Summary("The input, unless the output is fed.");

namespace ops {

Output PlaceholderWithDefault(const Scope& scope, const Output& input, const PartialShape& shape) {
  return OpBuilder(scope, "PlaceholderWithDefault")
      .Input(input)
      .Attr("shape", shape)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
