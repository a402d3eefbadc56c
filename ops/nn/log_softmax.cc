// LogSoftmax: logits - log(sum(exp(logits))) along the last dim (TensorFlow's LogSoftmax: input
// logits; attr T). A composite: it expands into Max, Sub, Exp, Sum and Log on the max-subtracted
// logits, so neither exp overflows nor log sees 0.
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/math_ops.h"
#include "ops/nn/softmax_util.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.
// 2. Shape function: nn::SoftmaxShape (unchanged, rank >= 1).

// 3. Gradient (registered so autodiff works before expansion; TensorFlow's _LogSoftmaxGrad):
//    dy - sum(dy, -1) * exp(y), with y = log_softmax(logits).
absl::Status LogSoftmaxGradient(GradientContext& c) {
  const Scope& s = c.scope();
  Output total = ops::Sum(s, c.grad(0), nn::LastAxis(s), {.keep_dims = true});
  c.set_input_grad(0, ops::Sub(s, c.grad(0), ops::Mul(s, total, ops::Exp(s, c.output(0)))));
  return absl::OkStatus();
}

// 4. Reference kernel: none; the expansion runs instead.
absl::Status LogSoftmaxExpand(ExpandContext& c) {
  c.set_output(0, nn::StableLogSoftmax(c.scope(), c.input(0)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none (composites are expanded before code generation).

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("LogSoftmax")
    .Input("logits: T")
    .Output("logsoftmax: T")
    .Attr("T: {float, double}")
    .SetShapeFn(nn::SoftmaxShape)
    .SetGradient(LogSoftmaxGradient)
    .SetExpand(LogSoftmaxExpand)
    .Summary("logits - log(sum(exp(logits))) along the last dim.");

namespace ops {

Output LogSoftmax(const Scope& scope, const Output& logits) {
  return OpBuilder(scope, "LogSoftmax").Input(logits).Build().output(0);
}

}  // namespace ops
}  // namespace rill
