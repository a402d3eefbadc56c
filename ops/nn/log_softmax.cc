// LogSoftmax: logits - log(sum(exp(logits))) along the last dim (TensorFlow's LogSoftmax: input
// logits; attr T), on the max-subtracted logits so that neither exp overflows nor log sees 0. Its
// reference kernel runs LogSoftmaxRow (softmax_row.h), bitwise its expansion into Max, Sub, Exp,
// Sum and Log; the compiler keeps it whole and lowers it to one library call.
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/nn/softmax_row.h"
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

// 4. Reference kernel: LogSoftmaxRow over each last-dim row (the expansion's operations in its
//    order: bitwise the same results). The expansion is kept for ExpandPolicy::kEveryComposite.
absl::Status LogSoftmaxKernel(KernelContext& c) {
  return nn::RunLastDimRows(
      c, []<typename T>(const T* x, int64_t n, T* y) { LogSoftmaxRow(x, n, y); });
}

absl::Status LogSoftmaxExpand(ExpandContext& c) {
  c.set_output(0, nn::StableLogSoftmax(c.scope(), c.input(0)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none; compiler/codegen/softmax_call_lowering.h lowers it to one kernel calling
//    rill_rt_softmax, which runs the same LogSoftmaxRow (the compiler does not expand it).

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("LogSoftmax")
    .Input("logits: T")
    .Output("logsoftmax: T")
    .Attr("T: {float, double}")
    .SetShapeFn(nn::SoftmaxShape)
    .SetGradient(LogSoftmaxGradient)
    .SetReferenceKernel(LogSoftmaxKernel)
    .SetExpand(LogSoftmaxExpand)
    .Summary("logits - log(sum(exp(logits))) along the last dim.");

namespace ops {

Output LogSoftmax(const Scope& scope, const Output& logits) {
  return OpBuilder(scope, "LogSoftmax").Input(logits).Build().output(0);
}

}  // namespace ops
}  // namespace rill
