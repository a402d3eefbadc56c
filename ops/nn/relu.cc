// Relu: max(features, 0) elementwise (TensorFlow's Relu: input features, output activations, attr
// T).
#include "graph/op_builder.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {

// TensorFlow allows all real number types (and qint8); rill accepts the ones it supports.
RILL_REGISTER_OP("Relu")
    .Input("features: T")
    .Output("activations: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .Summary("Rectified linear: max(features, 0).");

namespace ops {

Output Relu(const Scope& scope, const Output& features) {
  return OpBuilder(scope, "Relu").Input(features).Build().output(0);
}

}  // namespace ops
}  // namespace rill
