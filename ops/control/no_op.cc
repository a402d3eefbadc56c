// NoOp: does nothing; used as a target that groups control dependencies (TensorFlow's NoOp).
#include "graph/op_builder.h"
#include "ops/control_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// Nothing to compute: running it only orders its control inputs before its users.
absl::Status NoOpKernel(KernelContext&) { return absl::OkStatus(); }

}  // namespace

RILL_REGISTER_OP("NoOp")
    .SetShapeFn(shape_fns::NoOutputs)
    .SetNoGradient()
    .SetReferenceKernel(NoOpKernel)
    .Summary("Does nothing.");

namespace ops {

Operation NoOp(const Scope& scope) { return OpBuilder(scope, "NoOp").Build(); }

}  // namespace ops
}  // namespace rill
