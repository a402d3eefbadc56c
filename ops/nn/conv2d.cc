// Conv2D: 2-D convolution (cross-correlation) of an NHWC input with an HWIO filter (TensorFlow's
// Conv2D: inputs input, filter; attrs T, strides, use_cudnn_on_gpu, padding, explicit_paddings,
// data_format, dilations).
#include "base/status_macros.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/nn/nn_attr_util.h"
#include "ops/nn/window_emitter.h"
#include "ops/nn/window_geometry.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.

// 2. Shape function: [batch, out_h, out_w, out_depth] from the window arithmetic of the attrs.
absl::Status Conv2DShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape input, shape_fns::WithRank(c.input(0), 4, "input"));
  ASSIGN_OR_RETURN(PartialShape filter, shape_fns::WithRank(c.input(1), 4, "filter"));
  RETURN_IF_ERROR(nn::CheckConvDepth(input.dim(3), filter.dim(2)));
  ASSIGN_OR_RETURN(PartialShape out, nn::WindowOutputShape(attrs, input, filter.dim(0),
                                                           filter.dim(1), filter.dim(3)));
  c.set_output(0, std::move(out));
  return absl::OkStatus();
}

// 3. Gradient: the two backprop ops with the forward node's attrs (TensorFlow's _Conv2DGrad).
absl::Status Conv2DGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(nn::ConvArgs a, nn::GetConvArgs(c.attrs()));
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::Conv2DBackpropInput(s, ops::Shape(s, c.input(0)), c.input(1),
                                               c.grad(0), a.strides, a.padding, a.attrs));
  c.set_input_grad(1, ops::Conv2DBackpropFilter(s, c.input(0), ops::Shape(s, c.input(1)),
                                                c.grad(0), a.strides, a.padding, a.attrs));
  return absl::OkStatus();
}

// 4. Reference kernel: the naive seven-deep loop (nn::ForEachConvTap). Integers wrap around.
absl::Status Conv2DKernel(KernelContext& c) {
  const Tensor& input = c.input(0);
  const Tensor& filter = c.input(1);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  if (filter.shape().rank() != 4) {
    return c.InvalidArgument("filter must have rank 4, got ", filter.shape().DebugString());
  }
  const TensorShape& f = filter.shape();
  RETURN_IF_ERROR(nn::CheckConvDepth(input.shape().rank() == 4 ? input.shape().dim(3) : -1,
                                     f.dim(2)));
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, input.shape(), f.dim(0), f.dim(1)));
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::Create({w.batch, w.out_h, w.out_w,
                                                               f.dim(3)}));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  return DispatchDtype<TypeList<float, double, int32_t>>(c, input.dtype(), [&]<typename T>() {
    const T* x = input.data<T>();
    const T* k = filter.data<T>();
    T* y = out.data<T>();
    nn::ForEachConvTap(w, f.dim(3), [&](int64_t i, int64_t j, int64_t o) {
      y[o] = WrappingAdd(y[o], WrappingMul(x[i], k[j]));
    });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: each output element accumulates its in-bounds taps from 0 in the kernel's
// order (kh, kw, input channel); padding taps are skipped (masked), not added as zeros, so
// results are bitwise the kernel's. Naive; the kernel performance issue brings tiled kernels.
absl::Status Conv2DEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  const TensorShape& f = c.input_shape(1);
  if (f.rank() != 4 || c.input_shape(0).rank() != 4) {
    return absl::UnimplementedError("not rank 4 (the kernel reports it)");
  }
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, c.input_shape(0), f.dim(0), f.dim(1)));
  const IndexValue b = c.output_index(0), oh = c.output_index(1), ow = c.output_index(2);
  const IndexValue oc = c.output_index(3);
  auto tap = [&](IndexValue o, IndexValue k, int64_t stride, int64_t dilation, int64_t pad,
                 int64_t size) { return nn::EmitWindowTap(c, o, k, stride, dilation, pad, size); };
  const ElemValue result = c.Loop(
      w.window_h, {c.Constant(c.output_dtype(0), 0)},
      [&](IndexValue kh, const std::vector<ElemValue>& acc_h) {
        const auto [ih, in_h] = tap(oh, kh, w.stride_h, w.dilation_h, w.pad_top, w.in_h);
        return c.Loop(w.window_w, acc_h, [&](IndexValue kw, const std::vector<ElemValue>& acc_w) {
          const auto [iw, in_w] = tap(ow, kw, w.stride_w, w.dilation_w, w.pad_left, w.in_w);
          const ElemValue inside = c.Binary(ElemBinaryOp::kLogicalAnd, in_h, in_w);
          return c.Loop(w.in_depth, acc_w, [&](IndexValue ic, const std::vector<ElemValue>& acc) {
            const ElemValue x = c.ReadInput(0, {b, ih, iw, ic});
            const ElemValue k = c.ReadInput(1, {kh, kw, ic, oc});
            const ElemValue sum =
                c.Binary(ElemBinaryOp::kAdd, acc[0], c.Binary(ElemBinaryOp::kMul, x, k));
            return std::vector<ElemValue>{c.Select(inside, sum, acc[0])};
          });
        });
      })[0];
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("Conv2D")
    .Input("input: T")
    .Input("filter: T")
    .Output("output: T")
    .Attr("T: {float, double, int32}")
    .Attr("strides: list(int)")
    .Attr("use_cudnn_on_gpu: bool = true")
    .Attr("padding: {'SAME', 'VALID', 'EXPLICIT'}")
    .Attr("explicit_paddings: list(int) = []")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .Attr("dilations: list(int) = [1, 1, 1, 1]")
    .SetShapeFn(Conv2DShape)
    .SetGradient(Conv2DGrad)
    .SetReferenceKernel(Conv2DKernel)
    .SetLoopEmitter(Conv2DEmitter)
    .Summary("2-D convolution of an NHWC input with an HWIO filter.");

namespace ops {

Output Conv2D(const Scope& scope, const Output& input, const Output& filter,
              const std::vector<int64_t>& strides, absl::string_view padding,
              const Conv2DAttrs& attrs) {
  return nn::BuildConvOp(scope, "Conv2D", {input, filter}, strides, padding, attrs);
}

}  // namespace ops
}  // namespace rill
