// BiasAddGrad: BiasAdd's gradient for the bias, out_backprop [..., C] summed over all dims but
// the last (TensorFlow's BiasAddGrad: input out_backprop; attrs T, data_format).
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/nn/window_geometry.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.

// 2. Shape function: [C], the last dim of out_backprop (rank >= 2).
absl::Status BiasAddGradShape(ShapeContext& c) {
  RETURN_IF_ERROR(nn::CheckDataFormatNhwc(c.attrs()));
  const PartialShape& in = c.input(0);
  if (!in.rank_known()) {
    c.set_output(0, PartialShape({-1}));
    return absl::OkStatus();
  }
  if (in.rank() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("out_backprop must have rank at least 2, got ", in.DebugString()));
  }
  c.set_output(0, PartialShape({in.dim(in.rank() - 1)}));
  return absl::OkStatus();
}

// 3. Gradient: the op is linear; its adjoint broadcasts dy [C] back over out_backprop's shape,
//    which is BiasAdd(zeros, dy) (TensorFlow's _BiasAddGradGrad tiles dy the same way).
absl::Status BiasAddGradGradient(GradientContext& c) {
  ASSIGN_OR_RETURN(std::string format, c.attrs().GetString("data_format"));
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::BiasAdd(s, ops::ZerosLike(s, c.input(0)), c.grad(0),
                                   {.data_format = format}));
  return absl::OkStatus();
}

// 4. Reference kernel: column sums of out_backprop viewed as [rows, C]. Integers wrap around.
absl::Status BiasAddGradKernel(KernelContext& c) {
  RETURN_IF_ERROR(nn::CheckDataFormatNhwc(c.attrs()));
  const Tensor& in = c.input(0);
  if (in.shape().rank() < 2) {
    return c.InvalidArgument("out_backprop must have rank at least 2, got ",
                             in.shape().DebugString());
  }
  const int64_t channels = in.shape().dim(in.shape().rank() - 1);
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape({channels})));
  return DispatchDtype<RealTypes>(c, in.dtype(), [&]<typename T>() {
    const T* g = in.data<T>();
    T* db = out.data<T>();
    for (int64_t i = 0; i < in.num_elements(); ++i) {
      db[i % channels] = WrappingAdd(db[i % channels], g[i]);
    }
    return absl::OkStatus();
  });
}

// 5. Loop emitter: db[c] sums the rows in the kernel's order (row-major over the leading dims).
absl::Status BiasAddGradEmitter(EmitterContext& c) {
  RETURN_IF_ERROR(nn::CheckDataFormatNhwc(c.attrs()));
  const TensorShape& in = c.input_shape(0);
  if (in.rank() < 2) return absl::UnimplementedError("rank below 2 (the kernel reports it)");
  const IndexValue channel = c.output_index(0);
  std::vector<IndexValue> index(in.rank());
  index[in.rank() - 1] = channel;
  std::function<ElemValue(int, ElemValue)> nest = [&](int d, ElemValue acc) {
    if (d == in.rank() - 1) return c.Binary(ElemBinaryOp::kAdd, acc, c.ReadInput(0, index));
    return c.Loop(in.dim(d), {acc}, [&](IndexValue r, const std::vector<ElemValue>& carried) {
      index[d] = r;
      return std::vector<ElemValue>{nest(d + 1, carried[0])};
    })[0];
  };
  c.set_output(0, nest(0, c.Constant(c.output_dtype(0), 0)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, the other ints and complex types.
RILL_REGISTER_OP("BiasAddGrad")
    .Input("out_backprop: T")
    .Output("output: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .SetShapeFn(BiasAddGradShape)
    .SetGradient(BiasAddGradGradient)
    .SetReferenceKernel(BiasAddGradKernel)
    .SetLoopEmitter(BiasAddGradEmitter)
    .Summary("The sum of out_backprop over all dims but the last (BiasAdd's bias gradient).");

namespace ops {

Output BiasAddGrad(const Scope& scope, const Output& out_backprop, const BiasAddAttrs& attrs) {
  return OpBuilder(scope, "BiasAddGrad")
      .Input(out_backprop)
      .Attr("data_format", attrs.data_format)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
