// Identity: returns its input unchanged (TensorFlow's Identity: attr T).
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {

RILL_REGISTER_OP("Identity")
    .Input("input: T")
    .Output("output: T")
    .Attr("T: type")
    .SetShapeFn(shape_fns::UnchangedShape)
    .Summary("Returns the input tensor unchanged.");

namespace ops {

Output Identity(const Scope& scope, const Output& input) {
  return OpBuilder(scope, "Identity").Input(input).Build().output(0);
}

}  // namespace ops
}  // namespace rill
