// SparseSoftmaxCrossEntropyWithLogits: per-row cross entropy of softmax(features) against class
// indices, and its gradient (TensorFlow's op: inputs features, labels; outputs loss, backprop;
// attrs T, Tlabels).
#include <cmath>
#include <cstdint>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/nn/softmax_util.h"
#include "ops/nn_ops.h"
#include "ops/nn/sparse_xent_row.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.

// 2. Shape function: features [batch, classes], labels [batch]; loss [batch], backprop like
//    features.
absl::Status SparseSoftmaxCrossEntropyShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape features, shape_fns::WithRank(c.input(0), 2, "features"));
  ASSIGN_OR_RETURN(PartialShape labels, shape_fns::WithRank(c.input(1), 1, "labels"));
  const int64_t batch = features.dim(0) >= 0 ? features.dim(0) : labels.dim(0);
  if (features.dim(0) >= 0 && labels.dim(0) >= 0 && features.dim(0) != labels.dim(0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "features ", features.DebugString(), " and labels ", labels.DebugString(),
        " disagree on the batch size"));
  }
  c.set_output(0, PartialShape({batch}));
  c.set_output(1, PartialShape({batch, features.dim(1)}));
  return absl::OkStatus();
}

// 3. Gradient (TensorFlow's _SparseSoftmaxCrossEntropyWithLogitsGrad, plus the second-order
//    path through the backprop output that TensorFlow forbids):
//      d/d features = dloss * backprop + softmax_vjp(dbackprop); the labels get none.
absl::Status SparseSoftmaxCrossEntropyGradient(GradientContext& c) {
  const Scope& s = c.scope();
  Output dfeatures;
  if (c.has_grad(0)) {
    Output dloss = ops::Reshape(s, c.grad(0), ops::Const(s, {-1, 1}));
    dfeatures = ops::Mul(s, dloss, c.output(1));
  }
  if (c.has_grad(1)) {
    Output softmax = ops::Exp(s, nn::StableLogSoftmax(s, c.input(0)));
    Output second = nn::SoftmaxBackward(s, softmax, c.grad(1));
    dfeatures = dfeatures.valid() ? ops::AddV2(s, dfeatures, second) : second;
  }
  c.set_input_grad(0, dfeatures);
  return absl::OkStatus();
}

// 4. Reference kernel, row by row with m the row max and lse = log(sum(exp(f - m))):
//    loss = lse - (f[label] - m), backprop = exp(f - m - lse) - onehot(label).
absl::Status SparseSoftmaxCrossEntropyKernel(KernelContext& c) {
  const Tensor& features = c.input(0);
  const Tensor& labels = c.input(1);
  if (features.shape().rank() != 2 || labels.shape().rank() != 1 ||
      labels.shape().dim(0) != features.shape().dim(0)) {
    return c.InvalidArgument("features must be [batch, classes] and labels [batch], got ",
                             features.shape().DebugString(), " and ",
                             labels.shape().DebugString());
  }
  const int64_t batch = features.shape().dim(0);
  const int64_t classes = features.shape().dim(1);
  if (batch > 0 && classes == 0) {
    return c.InvalidArgument("features must have at least one class, got ",
                             features.shape().DebugString());
  }
  ASSIGN_OR_RETURN(Tensor loss, c.allocate_output(0, TensorShape({batch})));
  ASSIGN_OR_RETURN(Tensor backprop, c.allocate_output(1, features.shape()));
  return DispatchDtype<FloatTypes>(c, features.dtype(), [&]<typename T>() {
    return DispatchDtype<IndexTypes>(c, labels.dtype(), [&]<typename L>() -> absl::Status {
      const L* label = labels.data<L>();
      for (int64_t b = 0; b < batch; ++b) {
        if (label[b] < 0 || label[b] >= classes) {
          return c.InvalidArgument("label ", static_cast<int64_t>(label[b]), " at index ", b,
                                   " is outside the valid range [0, ", classes, ")");
        }
      }
      for (int64_t b = 0; b < batch; ++b) {
        SparseXentRow(features.data<T>() + b * classes, classes, static_cast<int64_t>(label[b]),
                      loss.data<T>() + b, backprop.data<T>() + b * classes);
      }
      return absl::OkStatus();
    });
  });
}

// 5. LLVM emitter: none; compiler/codegen/softmax_call_lowering.h lowers it (both outputs) to one
//    generated kernel calling rill_rt_sparse_xent, which runs the same SparseXentRow.

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16. Unlike the dense op this is a
// primitive with a kernel, not a composite: a label outside [0, classes) must be a run-time error
// naming the node, which an expansion into one-hot element-wise ops could not report.
RILL_REGISTER_OP("SparseSoftmaxCrossEntropyWithLogits")
    .Input("features: T")
    .Input("labels: Tlabels")
    .Output("loss: T")
    .Output("backprop: T")
    .Attr("T: {float, double}")
    .Attr("Tlabels: {int32, int64} = DT_INT64")
    .SetShapeFn(SparseSoftmaxCrossEntropyShape)
    .SetGradient(SparseSoftmaxCrossEntropyGradient)
    .SetReferenceKernel(SparseSoftmaxCrossEntropyKernel)
    .Summary("Cross entropy of softmax(features) against class indices, and its gradient.");

namespace ops {

SoftmaxCrossEntropyOutputs SparseSoftmaxCrossEntropyWithLogits(const Scope& scope,
                                                               const Output& features,
                                                               const Output& labels) {
  Operation op = OpBuilder(scope, "SparseSoftmaxCrossEntropyWithLogits")
                     .Input(features)
                     .Input(labels)
                     .Build();
  return {op.output(0), op.output(1)};
}

}  // namespace ops
}  // namespace rill
