// Registers RillFusion (see fusion_op.h): inputs and outputs are type lists; shapes come from the
// output_shapes attr the fusion pass sets.
#include "compiler/fusion_op.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill::compiler {
namespace {

absl::Status FusionShape(ShapeContext& c) {
  const AttrValue* shapes = c.attrs().Find(kFusionOutputShapesAttr);
  if (shapes == nullptr || shapes->list().shape_size() != c.num_outputs()) {
    return absl::InvalidArgumentError(absl::StrCat("output_shapes must list one shape per output (",
                                                   c.num_outputs(), ")"));
  }
  for (int i = 0; i < c.num_outputs(); ++i) {
    ASSIGN_OR_RETURN(PartialShape shape, PartialShape::FromProto(shapes->list().shape(i)));
    c.set_output(i, std::move(shape));
  }
  return absl::OkStatus();
}

RILL_REGISTER_OP(kFusionOp)
    .Input("inputs: Tin")
    .Output("outputs: Tout")
    .Attr("Tin: list(type) >= 0")
    .Attr("Tout: list(type) >= 1")
    .Attr("body: func")
    .Attr("kind: string")
    .Attr("output_shapes: list(shape)")
    .SetShapeFn(FusionShape)
    .Summary("A group of ops compiled as one kernel; the body is a FunctionDef in the library.");

}  // namespace
}  // namespace rill::compiler
