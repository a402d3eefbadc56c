// Add and AddV2: elementwise x + y with NumPy broadcasting (TensorFlow's ops: inputs x, y; attr T).
// Add also concatenates strings, so TensorFlow marks only AddV2 commutative (and aggregate).
#include "graph/op_builder.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {

// TensorFlow also allows bfloat16, half, int8, int16, complex64 and complex128 (and AddV2 the
// unsigned 16-64 bit ints); rill accepts the types it supports.
RILL_REGISTER_OP("Add")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64, string}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .Summary("x + y elementwise, with broadcasting.");

RILL_REGISTER_OP("AddV2")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64}")
    .SetIsCommutative()
    .SetIsAggregate()
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .Summary("x + y elementwise, with broadcasting.");

namespace ops {

Output Add(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "Add").Input(x).Input(y).Build().output(0);
}

Output AddV2(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "AddV2").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
