// InTopKV2: whether each target class is among the k largest predictions of its row
// (TensorFlow's InTopKV2: inputs predictions, targets, k; attr T).
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/emitter_context.h"
#include "ops/kernel_context.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.

// 2. Shape function: predictions [batch, classes], targets [batch], k a scalar -> [batch].
absl::Status InTopKShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape predictions, shape_fns::WithRank(c.input(0), 2, "predictions"));
  ASSIGN_OR_RETURN(PartialShape targets, shape_fns::WithRank(c.input(1), 1, "targets"));
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(2), 0, "k").status());
  if (predictions.dim(0) >= 0 && targets.dim(0) >= 0 && predictions.dim(0) != targets.dim(0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "predictions ", predictions.DebugString(), " and targets ", targets.DebugString(),
        " disagree on the batch size"));
  }
  c.set_output(0, PartialShape({predictions.dim(0) >= 0 ? predictions.dim(0) : targets.dim(0)}));
  return absl::OkStatus();
}

// 3. Gradient: none (a boolean output; TensorFlow's NotDifferentiable).

// 4. Reference kernel (TensorFlow's semantics): true when fewer than k classes have a strictly
//    larger prediction than the target's, so ties are in; false for a target outside
//    [0, classes) and for a row with a non-finite prediction.
absl::Status InTopKKernel(KernelContext& c) {
  const Tensor& predictions = c.input(0);
  const Tensor& targets = c.input(1);
  const Tensor& k = c.input(2);
  if (predictions.shape().rank() != 2 || targets.shape().rank() != 1 ||
      targets.shape().dim(0) != predictions.shape().dim(0) || k.shape().rank() != 0) {
    return c.InvalidArgument(
        "predictions must be [batch, classes], targets [batch] and k a scalar, got ",
        predictions.shape().DebugString(), ", ", targets.shape().DebugString(), " and ",
        k.shape().DebugString());
  }
  const int64_t batch = predictions.shape().dim(0);
  const int64_t classes = predictions.shape().dim(1);
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape({batch})));
  return DispatchDtype<IndexTypes>(c, targets.dtype(), [&]<typename T>() {
    const int64_t top = static_cast<int64_t>(*k.data<T>());
    for (int64_t b = 0; b < batch; ++b) {
      const float* row = predictions.data<float>() + b * classes;
      const int64_t target = static_cast<int64_t>(targets.data<T>()[b]);
      bool valid = target >= 0 && target < classes && std::isfinite(row[target]);
      int64_t larger = 0;
      for (int64_t j = 0; valid && j < classes; ++j) {
        if (!std::isfinite(row[j])) valid = false;
        if (row[j] > row[target]) ++larger;
      }
      out.data<bool>()[b] = valid && larger < top;
    }
    return absl::OkStatus();
  });
}

// 5. Loop emitter: the kernel's scan over the row as a loop carrying (all finite, count larger);
//    the target's column is clamped for the read and the result masked by its validity.
absl::Status InTopKEmitter(EmitterContext& c) {
  const int64_t classes = c.input_shape(0).dim(1);
  const IndexValue b = c.output_index(0);
  const IndexValue target = c.ValueToIndex(c.Cast(c.ReadInput(1, {b}), DT_INT64));
  const ElemValue in_range = c.Binary(
      ElemBinaryOp::kLogicalAnd, c.IndexCompare(ElemCompare::kGe, target, c.Index(0)),
      c.IndexCompare(ElemCompare::kLt, target, c.Index(classes)));
  const ElemValue mine = c.ReadInput(0, {b, c.IndexSelect(in_range, target, c.Index(0))});
  const ElemValue inf = c.Constant(DT_FLOAT, std::numeric_limits<double>::infinity());
  auto finite = [&](ElemValue x) {  // NaN < inf is false, as is inf < inf
    return c.Compare(ElemCompare::kLt, c.Unary(ElemUnaryOp::kAbs, x), inf);
  };
  const std::vector<ElemValue> scan = c.Loop(
      classes, {c.Constant(DT_BOOL, 1), c.Constant(DT_INT64, 0)},
      [&](IndexValue j, const std::vector<ElemValue>& acc) -> std::vector<ElemValue> {
        const ElemValue p = c.ReadInput(0, {b, j});
        const ElemValue larger = c.Cast(c.Compare(ElemCompare::kGt, p, mine), DT_INT64);
        return {c.Binary(ElemBinaryOp::kLogicalAnd, acc[0], finite(p)),
                c.Binary(ElemBinaryOp::kAdd, acc[1], larger)};
      });
  const ElemValue top = c.Cast(c.ReadInput(2, {}), DT_INT64);
  ElemValue result = c.Binary(ElemBinaryOp::kLogicalAnd, in_range, finite(mine));
  result = c.Binary(ElemBinaryOp::kLogicalAnd, result, scan[0]);
  result = c.Binary(ElemBinaryOp::kLogicalAnd, result,
                    c.Compare(ElemCompare::kLt, scan[1], top));
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("InTopKV2")
    .Input("predictions: float")
    .Input("targets: T")
    .Input("k: T")
    .Output("precision: bool")
    .Attr("T: {int32, int64} = DT_INT32")
    .SetShapeFn(InTopKShape)
    .SetNoGradient()
    .SetReferenceKernel(InTopKKernel)
    .SetLoopEmitter(InTopKEmitter)
    .Summary("Whether each target is among the k largest predictions of its row.");

namespace ops {

Output InTopKV2(const Scope& scope, const Output& predictions, const Output& targets,
                const Output& k) {
  return OpBuilder(scope, "InTopKV2").Input(predictions).Input(targets).Input(k).Build().output(0);
}

}  // namespace ops
}  // namespace rill
