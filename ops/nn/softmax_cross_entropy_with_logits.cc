// SoftmaxCrossEntropyWithLogits: per-row cross entropy of softmax(features) against the
// distributions `labels`, and its gradient (TensorFlow's op: inputs features, labels; outputs
// loss, backprop; attr T). Its reference kernel runs SoftmaxXentRow (softmax_row.h), bitwise its
// expansion into the stable log-softmax subgraph; the compiler keeps it whole and lowers it (both
// outputs) to one library call running the same rows.
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/nn/softmax_row.h"
#include "ops/nn/softmax_util.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.

// 2. Shape function: features and labels broadcast (NumPy rules, as TensorFlow) to a rank-2
//    [batch, classes]; loss is [batch], backprop [batch, classes].
absl::Status SoftmaxCrossEntropyShape(ShapeContext& c) {
  absl::StatusOr<PartialShape> both = BroadcastShapes(c.input(0), c.input(1));
  if (!both.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("features ", c.input(0).DebugString(),
                                                   " and labels ", c.input(1).DebugString(),
                                                   " do not broadcast"));
  }
  absl::StatusOr<PartialShape> logits = shape_fns::WithRank(*both, 2, "features and labels");
  if (!logits.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("features ", c.input(0).DebugString(), " and labels ",
                     c.input(1).DebugString(), " must broadcast to rank 2 [batch, classes]"));
  }
  c.set_output(0, PartialShape({logits->dim(0)}));
  c.set_output(1, *std::move(logits));
  return absl::OkStatus();
}

// 3. Gradient (registered so autodiff works before expansion). With s = softmax(features),
//    loss = -sum(labels * log s) and backprop = s - labels:
//      d/d features = dloss * (s * sum(labels) - labels) + softmax_vjp(dbackprop)
//      d/d labels   = -dloss * log s - dbackprop
//    each summed back over the dims that were broadcast. TensorFlow's
//    _SoftmaxCrossEntropyWithLogitsGrad uses dloss * backprop for the first term, which is the same
//    when each row of labels sums to 1 (as TensorFlow requires) and wrong otherwise; the
//    sum(labels) factor makes rill's exact for any labels. TensorFlow also drops the labels' part
//    of dbackprop; rill keeps it. s and log s are Softmax and LogSoftmax nodes (one native kernel
//    each when compiled; the one a training step does not need is pruned).
absl::Status SoftmaxCrossEntropyGradient(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& labels = c.input(1);
  Output log_softmax = ops::LogSoftmax(s, c.input(0));
  Output softmax = ops::Softmax(s, c.input(0));
  std::vector<Output> gf, gl;
  if (c.has_grad(0)) {
    Output dloss = ops::Reshape(s, c.grad(0), ops::Const(s, {-1, 1}));
    Output label_sum = ops::Sum(s, labels, nn::LastAxis(s), {.keep_dims = true});
    gf.push_back(ops::Mul(s, dloss, ops::Sub(s, ops::Mul(s, softmax, label_sum), labels)));
    gl.push_back(ops::Neg(s, ops::Mul(s, dloss, log_softmax)));
  }
  if (c.has_grad(1)) {
    gf.push_back(nn::SoftmaxBackward(s, softmax, c.grad(1)));
    gl.push_back(ops::Neg(s, c.grad(1)));
  }
  auto total = [&](const std::vector<Output>& parts) {
    return parts.size() == 1 ? parts[0] : ops::AddV2(s, parts[0], parts[1]);
  };
  SetBroadcastBinaryGradients(c, total(gf), total(gl));
  return absl::OkStatus();
}

// 4. Reference kernel: SoftmaxXentRows, the expansion below operation for operation (bitwise the
//    same results, broadcasting included). The expansion is kept for
//    ExpandPolicy::kEveryComposite.
absl::Status SoftmaxCrossEntropyKernel(KernelContext& c) {
  const Tensor& features = c.input(0);
  const Tensor& labels = c.input(1);
  const TensorShape& fs = features.shape();
  const TensorShape& ls = labels.shape();
  XentBroadcast b;
  if (!MakeXentBroadcast(fs.dims().data(), fs.rank(), ls.dims().data(), ls.rank(), &b)) {
    return c.InvalidArgument("features ", fs.DebugString(), " and labels ", ls.DebugString(),
                             " must broadcast to rank 2 [batch, classes] (features of rank 1 "
                             "or 2)");
  }
  ASSIGN_OR_RETURN(Tensor loss, c.allocate_output(0, TensorShape({b.batch})));
  ASSIGN_OR_RETURN(Tensor backprop, c.allocate_output(1, TensorShape({b.batch, b.classes})));
  return DispatchDtype<FloatTypes>(c, features.dtype(), [&]<typename T>() {
    SoftmaxXentRows(b, features.data<T>(), labels.data<T>(), loss.data<T>(), backprop.data<T>(),
                    0, b.batch);
    return absl::OkStatus();
  });
}

// The expansion. With m the row max of features and lse = log(sum(exp(features - m))):
// loss = sum(labels * (lse - (features - m))) and backprop = exp(-(lse - (features - m))) - labels.
absl::Status SoftmaxCrossEntropyExpand(ExpandContext& c) {
  const Scope& s = c.scope();
  Output shifted = nn::SubtractRowMax(s, c.input(0));
  Output lse = ops::Log(s, ops::Sum(s, ops::Exp(s, shifted), nn::LastAxis(s), {.keep_dims = true}));
  Output minus_log_softmax = ops::Sub(s, lse, shifted);
  c.set_output(0, ops::Sum(s, ops::Mul(s, c.input(1), minus_log_softmax), nn::LastAxis(s)));
  c.set_output(1, ops::Sub(s, ops::Exp(s, ops::Neg(s, minus_log_softmax)), c.input(1)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none; compiler/codegen/softmax_call_lowering.h lowers it (both outputs) to one
//    kernel calling rill_rt_softmax_xent, which runs the same SoftmaxXentRows.

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("SoftmaxCrossEntropyWithLogits")
    .Input("features: T")
    .Input("labels: T")
    .Output("loss: T")
    .Output("backprop: T")
    .Attr("T: {float, double}")
    .SetShapeFn(SoftmaxCrossEntropyShape)
    .SetGradient(SoftmaxCrossEntropyGradient)
    .SetReferenceKernel(SoftmaxCrossEntropyKernel)
    .SetExpand(SoftmaxCrossEntropyExpand)
    .Summary("Cross entropy of softmax(features) against label distributions, and its gradient.");

namespace ops {

SoftmaxCrossEntropyOutputs SoftmaxCrossEntropyWithLogits(const Scope& scope,
                                                         const Output& features,
                                                         const Output& labels) {
  Operation op = OpBuilder(scope, "SoftmaxCrossEntropyWithLogits")
                     .Input(features)
                     .Input(labels)
                     .Build();
  return {op.output(0), op.output(1)};
}

}  // namespace ops
}  // namespace rill
