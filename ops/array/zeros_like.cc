// ZerosLike: a tensor of 0s with the dtype and shape of its input (TensorFlow's ZerosLike:
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

absl::Status ZerosLikeKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, c.input(0).shape()));
  return DispatchDtype<RealAndBoolTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    T* o = out.data<T>();
    for (int64_t i = 0; i < out.num_elements(); ++i) o[i] = static_cast<T>(0);
    return absl::OkStatus();
  });
}

// Element emitter: 0 in x's dtype, whatever x holds.

}  // namespace

RILL_REGISTER_OP("ZerosLike")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {float, double, uint8, int32, int64, bool}")
    .SetIsElementwise()
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetNoGradient()
    .SetReferenceKernel(ZerosLikeKernel)
    .SetElementEmitter(ConstantEmitter(0))
    .Summary("Zeros with the dtype and shape of x.");

namespace ops {

Output ZerosLike(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "ZerosLike").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
