// Conv2DBackpropFilter: the gradient of Conv2D with respect to its filter (TensorFlow's
// Conv2DBackpropFilter: inputs input, filter_sizes, out_backprop; Conv2D's attrs).
#include "base/status_macros.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
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

// 2. Shape function: the shape filter_sizes holds, merged with the depths of input and
//    out_backprop, and checked against the forward convolution's output shape when known.
absl::Status Conv2DBackpropFilterShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape input, shape_fns::WithRank(c.input(0), 4, "input"));
  ASSIGN_OR_RETURN(PartialShape grad, shape_fns::WithRank(c.input(2), 4, "out_backprop"));
  ASSIGN_OR_RETURN(PartialShape sizes, c.MakeShapeFromShapeTensor(1));
  ASSIGN_OR_RETURN(PartialShape filter, shape_fns::WithRank(sizes, 4, "filter_sizes"));
  RETURN_IF_ERROR(nn::CheckConvDepth(input.dim(3), filter.dim(2)));
  ASSIGN_OR_RETURN(filter, filter.Merge(PartialShape({-1, -1, input.dim(3), grad.dim(3)})));
  ASSIGN_OR_RETURN(PartialShape forward, nn::WindowOutputShape(attrs, input, filter.dim(0),
                                                               filter.dim(1), filter.dim(3)));
  if (!forward.IsCompatibleWith(grad)) {
    return absl::InvalidArgumentError(
        absl::StrCat("out_backprop has shape ", grad.DebugString(),
                     " but the convolution's output has shape ", forward.DebugString()));
  }
  c.set_output(0, std::move(filter));
  return absl::OkStatus();
}

// 3. Gradient: the op is linear in input and in out_backprop (TensorFlow's
//    _Conv2DBackpropFilterGrad): d/d input = Conv2DBackpropInput(input's shape, dy,
//    out_backprop), d/d out_backprop = Conv2D(input, dy). filter_sizes gets none.
absl::Status Conv2DBackpropFilterGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(nn::ConvArgs a, nn::GetConvArgs(c.attrs()));
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::Conv2DBackpropInput(s, ops::Shape(s, c.input(0)), c.grad(0),
                                               c.input(2), a.strides, a.padding, a.attrs));
  c.set_input_grad(2, ops::Conv2D(s, c.input(0), c.grad(0), a.strides, a.padding, a.attrs));
  return absl::OkStatus();
}

// 4. Reference kernel: Conv2D's tap loop with every tap adding input * out_backprop to the
//    filter element it used.
absl::Status Conv2DBackpropFilterKernel(KernelContext& c) {
  const Tensor& input = c.input(0);
  const Tensor& grad = c.input(2);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  if (grad.shape().rank() != 4) {
    return c.InvalidArgument("out_backprop must have rank 4, got ", grad.shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> sizes, nn::SizesValues(c.input(1), "filter_sizes"));
  if (sizes.size() != 4) {
    return c.InvalidArgument("filter_sizes must have 4 elements, got ", sizes.size());
  }
  ASSIGN_OR_RETURN(TensorShape filter_shape, TensorShape::Create(sizes));
  RETURN_IF_ERROR(nn::CheckConvDepth(input.shape().rank() == 4 ? input.shape().dim(3) : -1,
                                     filter_shape.dim(2)));
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, input.shape(), filter_shape.dim(0),
                                                    filter_shape.dim(1)));
  RETURN_IF_ERROR(nn::CheckOutBackprop(w, filter_shape.dim(3), grad.shape()));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, filter_shape));
  return DispatchDtype<FloatTypes>(c, grad.dtype(), [&]<typename T>() {
    const T* x = input.data<T>();
    const T* g = grad.data<T>();
    T* dk = out.data<T>();
    nn::ForEachConvTap(w, filter_shape.dim(3),
                       [&](int64_t i, int64_t j, int64_t o) { dk[j] += x[i] * g[o]; });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: filter element (kh, kw, ic, oc) sums x * grad over (b, oh, ow) in the kernel's
// order, skipping taps that fall in the padding (bitwise equal).
absl::Status Conv2DBackpropFilterEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  const TensorShape& f = c.output_shape();
  if (f.rank() != 4 || c.input_shape(0).rank() != 4) return absl::UnimplementedError("rank");
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, c.input_shape(0), f.dim(0), f.dim(1)));
  const IndexValue kh = c.output_index(0), kw = c.output_index(1), ic = c.output_index(2);
  const IndexValue oc = c.output_index(3);
  auto tap = [&](IndexValue o, IndexValue k, int64_t stride, int64_t dilation, int64_t pad,
                 int64_t size) { return nn::EmitWindowTap(c, o, k, stride, dilation, pad, size); };
  const ElemValue result = c.Loop(
      w.batch, {c.Constant(c.output_dtype(0), 0)},
      [&](IndexValue b, const std::vector<ElemValue>& acc_b) {
        return c.Loop(w.out_h, acc_b, [&](IndexValue oh, const std::vector<ElemValue>& acc_h) {
          const auto [ih, in_h] = tap(oh, kh, w.stride_h, w.dilation_h, w.pad_top, w.in_h);
          return c.Loop(w.out_w, acc_h, [&](IndexValue ow, const std::vector<ElemValue>& acc) {
            const auto [iw, in_w] = tap(ow, kw, w.stride_w, w.dilation_w, w.pad_left, w.in_w);
            const ElemValue x = c.ReadInput(0, {b, ih, iw, ic});
            const ElemValue g = c.ReadInput(2, {b, oh, ow, oc});
            const ElemValue sum =
                c.Binary(ElemBinaryOp::kAdd, acc[0], c.Binary(ElemBinaryOp::kMul, x, g));
            return std::vector<ElemValue>{
                c.Select(c.Binary(ElemBinaryOp::kLogicalAnd, in_h, in_w), sum, acc[0])};
          });
        });
      })[0];
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("Conv2DBackpropFilter")
    .Input("input: T")
    .Input("filter_sizes: int32")
    .Input("out_backprop: T")
    .Output("output: T")
    .Attr("T: {float, double}")
    .Attr("strides: list(int)")
    .Attr("use_cudnn_on_gpu: bool = true")
    .Attr("padding: {'SAME', 'VALID', 'EXPLICIT'}")
    .Attr("explicit_paddings: list(int) = []")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .Attr("dilations: list(int) = [1, 1, 1, 1]")
    .SetShapeFn(Conv2DBackpropFilterShape)
    .SetGradient(Conv2DBackpropFilterGrad)
    .SetReferenceKernel(Conv2DBackpropFilterKernel)
    .SetLoopEmitter(Conv2DBackpropFilterEmitter)
    .Summary("The gradient of Conv2D with respect to its filter.");

namespace ops {

Output Conv2DBackpropFilter(const Scope& scope, const Output& input, const Output& filter_sizes,
                            const Output& out_backprop, const std::vector<int64_t>& strides,
                            absl::string_view padding, const Conv2DAttrs& attrs) {
  return nn::BuildConvOp(scope, "Conv2DBackpropFilter", {input, filter_sizes, out_backprop},
                         strides, padding, attrs);
}

}  // namespace ops
}  // namespace rill
