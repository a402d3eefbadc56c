// BroadcastTo: a tensor broadcast (NumPy rules) to a given shape (TensorFlow's BroadcastTo:
// inputs input, shape: Tidx; attrs T, Tidx).
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/broadcast.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

absl::Status BroadcastToKernel(KernelContext& c);

// 2. Shape function (TensorFlow's): the requested shape as far as known, with unknown dims
// taken from input dims greater than 1 (which must match).
absl::Status BroadcastToShape(ShapeContext& c) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(1), 1, "shape").status());
  ASSIGN_OR_RETURN(PartialShape out, c.MakeShapeFromShapeTensor(1));
  const PartialShape& in = c.input(0);
  if (!out.rank_known() || !in.rank_known()) {
    c.set_output(0, std::move(out));
    return absl::OkStatus();
  }
  const int out_rank = out.rank();
  const int in_rank = in.rank();
  if (in_rank > out_rank) {
    return absl::InvalidArgumentError(absl::StrCat("Shape must be at most rank ", out_rank,
                                                   " but is rank ", in_rank, " (input ",
                                                   in.DebugString(), ")"));
  }
  std::vector<int64_t> dims = out.dims();
  for (int i = 0; i < in_rank; ++i) {
    const int64_t in_dim = in.dim(in_rank - i - 1);
    int64_t& out_dim = dims[out_rank - i - 1];
    if (in_dim <= 1) continue;  // 1 stretches; unknown and 0 decide nothing here
    if (out_dim >= 0 && out_dim != in_dim) {
      return absl::InvalidArgumentError(absl::StrCat("Dimensions must be equal, but are ", in_dim,
                                                     " and ", out_dim, " (input ", in.DebugString(),
                                                     " broadcast to ", out.DebugString(), ")"));
    }
    out_dim = in_dim;
  }
  c.set_output(0, PartialShape(std::move(dims)));
  array_util::PublishConstantOutputs(c, BroadcastToKernel);
  return absl::OkStatus();
}

// 3. Gradient: dy summed over the broadcast dims (BroadcastGradientArgs), reshaped to x's
// shape; the shape input gets none.
absl::Status BroadcastToGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& shape = c.input(1);
  const Output x_shape = ops::Shape(s, c.input(0), {.out_type = BaseType(shape.dtype())});
  const ops::BroadcastGradientArgsOutputs axes = ops::BroadcastGradientArgs(s, shape, x_shape);
  const Output summed = ops::Sum(s, c.grad(0), axes.r1, {.keep_dims = true});
  c.set_input_grad(0, ops::Reshape(s, summed, x_shape));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: a strided gather with stride 0 along stretched dims.
absl::Status BroadcastToKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  const Tensor& shape_t = c.input(1);
  if (shape_t.shape().rank() != 1) {
    return c.InvalidArgument("shape must be a vector, got shape ", shape_t.shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> dims, array_util::IndexValues(shape_t, "shape"));
  absl::StatusOr<TensorShape> target = TensorShape::Create(dims);
  if (!target.ok()) return c.AddContext(target.status());
  absl::StatusOr<TensorShape> joint = BroadcastTensorShapes({x.shape(), *target});
  if (!joint.ok() || *joint != *target) {
    return c.InvalidArgument("Unable to broadcast tensor of shape ", x.shape().DebugString(),
                             " to tensor of shape ", target->DebugString());
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *target));
  const std::vector<int64_t> strides = BroadcastStrides(x.shape(), *target);
  return array_util::GatherStrided(c, x, out, 0, target->dims(), strides, 0);
}

// 5. Loop emitter: input coordinate d is 0 where the input's dim is 1, else the output's.
absl::Status BroadcastToEmitter(EmitterContext& c) {
  const TensorShape& in = c.input_shape(0);
  const int offset = c.output_shape().rank() - in.rank();
  if (offset < 0) return absl::UnimplementedError("rank");
  std::vector<IndexValue> index(in.rank());
  for (int d = 0; d < in.rank(); ++d) {
    index[d] = in.dim(d) == 1 ? c.Index(0) : c.output_index(d + offset);
  }
  c.set_output(0, c.ReadInput(0, index));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("BroadcastTo")
    .Input("input: T")
    .Input("shape: Tidx")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .SetShapeFn(BroadcastToShape)
    .SetGradient(BroadcastToGrad)
    .SetReferenceKernel(BroadcastToKernel)
    .SetLoopEmitter(BroadcastToEmitter)
    .Summary("The input broadcast (NumPy rules) to a shape.");

namespace ops {

Output BroadcastTo(const Scope& scope, const Output& input, const Output& shape) {
  return OpBuilder(scope, "BroadcastTo").Input(input).Input(shape).Build().output(0);
}

}  // namespace ops
}  // namespace rill
