// OnesLike: a tensor of 1s with the dtype and shape of its input (TensorFlow's OnesLike:
// input x, output y, attr T).
#include <cstdint>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// The output does not depend on x's values: no gradient (SetNoGradient, as TensorFlow).

absl::Status OnesLikeKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, c.input(0).shape()));
  return DispatchDtype<RealAndBoolTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    T* o = out.data<T>();
    for (int64_t i = 0; i < out.num_elements(); ++i) o[i] = static_cast<T>(1);
    return absl::OkStatus();
  });
}

// Element emitter: 1 in x's dtype, whatever x holds.

}  // namespace

RILL_REGISTER_OP("OnesLike")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double, uint8, int32, int64, bool}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetNoGradient()
    .SetReferenceKernel(OnesLikeKernel)
    .SetElementEmitter(ConstantEmitter(1))
    .Summary("Ones with the dtype and shape of x.");

namespace ops {

Output OnesLike(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "OnesLike").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
