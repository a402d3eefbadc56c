// Softmax: exp(logits) / sum(exp(logits)) along the last dim (TensorFlow's Softmax: input logits;
// attr T). Subtracts the row maximum first so that exp never overflows. Its reference kernel runs
// SoftmaxRow (softmax_row.h), bitwise its expansion into Max, Sub, Exp, Sum and Div; the compiler
// keeps it whole and lowers it to one library call running the same rows.
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

// 3. Gradient (registered so autodiff works before expansion; TensorFlow's _SoftmaxGrad):
//    (dy - sum(dy * y, -1)) * y, with y = softmax(logits).
absl::Status SoftmaxGradient(GradientContext& c) {
  c.set_input_grad(0, nn::SoftmaxBackward(c.scope(), c.output(0), c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel: SoftmaxRow over each last-dim row (the expansion's operations in its
//    order: bitwise the same results). The expansion is kept for ExpandPolicy::kEveryComposite.
absl::Status SoftmaxKernel(KernelContext& c) {
  return nn::RunLastDimRows(
      c, []<typename T>(const T* x, int64_t n, T* y) { SoftmaxRow(x, n, y); });
}

absl::Status SoftmaxExpand(ExpandContext& c) {
  const Scope& s = c.scope();
  Output e = ops::Exp(s, nn::SubtractRowMax(s, c.input(0)));
  c.set_output(0, ops::Div(s, e, ops::Sum(s, e, nn::LastAxis(s), {.keep_dims = true})));
  return absl::OkStatus();
}

// 5. LLVM emitter: none; compiler/codegen/softmax_call_lowering.h lowers it to one kernel calling
//    rill_rt_softmax, which runs the same SoftmaxRow (the compiler does not expand it).

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("Softmax")
    .Input("logits: T")
    .Output("softmax: T")
    .Attr("T: {float, double}")
    .SetShapeFn(nn::SoftmaxShape)
    .SetGradient(SoftmaxGradient)
    .SetReferenceKernel(SoftmaxKernel)
    .SetExpand(SoftmaxExpand)
    .Summary("exp(logits) / sum(exp(logits)) along the last dim.");

namespace ops {

Output Softmax(const Scope& scope, const Output& logits) {
  return OpBuilder(scope, "Softmax").Input(logits).Build().output(0);
}

}  // namespace ops
}  // namespace rill
