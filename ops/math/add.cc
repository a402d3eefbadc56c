// Add and AddV2: elementwise x + y with NumPy broadcasting (TensorFlow's ops: inputs x, y; attr T).
// Add also concatenates strings, so TensorFlow marks only AddV2 commutative (and aggregate).
// The worked example of an op file: its six sections are in the order every op file follows.
#include <string>

#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registrations at the bottom (the signature is declared once, there).

// 2. Shape function: shape_fns::BroadcastBinaryShape (shared by every broadcasting binary op).

// 3. Gradient: dz flows unchanged to both inputs, summed over the dims each was broadcast along.
absl::Status AddGrad(GradientContext& c) {
  SetBroadcastBinaryGradients(c, c.grad(0), c.grad(0));
  return absl::OkStatus();
}

// 4. Reference kernel, for every declared dtype. Integers wrap around on overflow.
using AddTypes = TypeList<float, double, uint8_t, int32_t, int64_t, std::string>;

absl::Status AddKernel(KernelContext& c) {
  return DispatchDtype<AddTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T>(c, [](const T& x, const T& y) { return WrappingAdd(x, y); });
  });
}

// 5. Element emitter (compiled code): one add (integers wrap, as WrappingAdd).

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int8, int16, complex64 and complex128
// (and AddV2 the unsigned 16-64 bit ints); rill accepts the types it supports.
RILL_REGISTER_OP("Add")
    .Input("x: T")
    .Input("y: T")
    .Output("z: T")
    .Attr("T: {float, double, uint8, int32, int64, string}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::BroadcastBinaryShape)
    .SetGradient(AddGrad)
    .SetReferenceKernel(AddKernel)
    .SetElementEmitter(BinaryEmitter(ElemBinaryOp::kAdd))
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
    .SetGradient(AddGrad)
    .SetReferenceKernel(AddKernel)
    .SetElementEmitter(BinaryEmitter(ElemBinaryOp::kAdd))
    .Summary("x + y elementwise, with broadcasting.");

// The ops:: builders declared in ops/math_ops.h.
namespace ops {

Output Add(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "Add").Input(x).Input(y).Build().output(0);
}

Output AddV2(const Scope& scope, const Output& x, const Output& y) {
  return OpBuilder(scope, "AddV2").Input(x).Input(y).Build().output(0);
}

}  // namespace ops
}  // namespace rill
