// Placeholder: a value fed at run time (TensorFlow's Placeholder: attrs `dtype`, `shape` with an
// unknown-rank default).
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
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

}  // namespace

RILL_REGISTER_OP("Placeholder")
    .Output("output: dtype")
    .Attr("dtype: type")
    .Attr("shape: shape = { unknown_rank: true }")
    .SetShapeFn(PlaceholderShape)
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
