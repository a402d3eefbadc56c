// SoftmaxCrossEntropyWithLogits: per-row cross entropy of softmax(features) against the
// distributions `labels`, and its gradient (TensorFlow's op: inputs features, labels; outputs
// loss, backprop; attr T). A composite: it expands into the stable log-softmax subgraph.
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/math_ops.h"
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
//    of dbackprop; rill keeps it.
absl::Status SoftmaxCrossEntropyGradient(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& labels = c.input(1);
  Output log_softmax = nn::StableLogSoftmax(s, c.input(0));
  Output softmax = ops::Exp(s, log_softmax);
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

// 4. Reference kernel: none; the expansion runs instead. With m the row max of features and
//    lse = log(sum(exp(features - m))): loss = sum(labels * (lse - (features - m))) and
//    backprop = exp(features - m - lse) - labels.
absl::Status SoftmaxCrossEntropyExpand(ExpandContext& c) {
  const Scope& s = c.scope();
  Output shifted = nn::SubtractRowMax(s, c.input(0));
  Output lse = ops::Log(s, ops::Sum(s, ops::Exp(s, shifted), nn::LastAxis(s), {.keep_dims = true}));
  Output minus_log_softmax = ops::Sub(s, lse, shifted);
  c.set_output(0, ops::Sum(s, ops::Mul(s, c.input(1), minus_log_softmax), nn::LastAxis(s)));
  c.set_output(1, ops::Sub(s, ops::Exp(s, ops::Neg(s, minus_log_softmax)), c.input(1)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none (composites are expanded before code generation).

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
