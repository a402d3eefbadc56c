// Placeholder: a value fed at run time (TensorFlow's Placeholder: attrs `dtype`, `shape` with an
// unknown-rank default).
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// Output shape = the `shape` attr (unknown rank by default).
absl::Status PlaceholderShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape shape, c.attrs().GetShape("shape"));
  c.set_output(0, std::move(shape));
  return absl::OkStatus();
}

// No gradient function is ever called: a Placeholder has no inputs (it is where gradients end).

// The executor substitutes fed values for the output, so the kernel runs only when a needed
// Placeholder was not fed.
absl::Status PlaceholderKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(DataType dtype, c.attrs().GetType("dtype"));
  ASSIGN_OR_RETURN(PartialShape shape, c.attrs().GetShape("shape"));
  return c.InvalidArgument("you must feed a value for placeholder '", c.node_name(),
                           "' with dtype ", DataTypeString(dtype), " and shape ",
                           shape.DebugString());
}

// No emitter: the compiler passes placeholders in as arguments.

}  // namespace

RILL_REGISTER_OP("Placeholder")
    .Output("output: dtype")
    .Attr("dtype: type")
    .Attr("shape: shape = { unknown_rank: true }")
    .SetShapeFn(PlaceholderShape)
    .SetNoGradient()
    .SetReferenceKernel(PlaceholderKernel)
    .Summary("A tensor that must be fed when the graph runs.");

namespace ops {

Output Placeholder(const Scope& scope, DataType dtype, const PlaceholderAttrs& attrs) {
  return OpBuilder(scope, "Placeholder")
      .Attr("dtype", dtype)
      .Attr("shape", attrs.shape)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
