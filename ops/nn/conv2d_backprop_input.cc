// Conv2DBackpropInput: the gradient of Conv2D with respect to its input (TensorFlow's
// Conv2DBackpropInput: inputs input_sizes, filter, out_backprop; Conv2D's attrs).
#include <tuple>

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

// 2. Shape function: the shape input_sizes holds (4 dims, or [h, w] with batch and depth from
//    out_backprop and filter), merged with what out_backprop and filter say, and checked against
//    the forward convolution's output shape when that is known.
absl::Status Conv2DBackpropInputShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape filter, shape_fns::WithRank(c.input(1), 4, "filter"));
  ASSIGN_OR_RETURN(PartialShape grad, shape_fns::WithRank(c.input(2), 4, "out_backprop"));
  ASSIGN_OR_RETURN(PartialShape sizes, c.MakeShapeFromShapeTensor(0));
  PartialShape input = PartialShape::UnknownOfRank(4);
  if (sizes.rank_known() && sizes.rank() == 2) {
    input = PartialShape({-1, sizes.dim(0), sizes.dim(1), -1});
  } else if (sizes.rank_known() && sizes.rank() != 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("input_sizes must have 4 or 2 elements, got ", sizes.rank()));
  } else if (sizes.rank_known()) {
    input = sizes;
  }
  RETURN_IF_ERROR(nn::CheckConvDepth(input.dim(3), filter.dim(2)));
  ASSIGN_OR_RETURN(input, input.Merge(PartialShape({grad.dim(0), -1, -1, filter.dim(2)})));
  ASSIGN_OR_RETURN(PartialShape forward, nn::WindowOutputShape(attrs, input, filter.dim(0),
                                                               filter.dim(1), filter.dim(3)));
  if (!forward.IsCompatibleWith(grad)) {
    return absl::InvalidArgumentError(
        absl::StrCat("out_backprop has shape ", grad.DebugString(),
                     " but the convolution's output has shape ", forward.DebugString()));
  }
  c.set_output(0, std::move(input));
  return absl::OkStatus();
}

// 3. Gradient: the op is linear in filter and in out_backprop (TensorFlow's
//    _Conv2DBackpropInputGrad): d/d filter = Conv2DBackpropFilter(dy, filter's shape,
//    out_backprop), d/d out_backprop = Conv2D(dy, filter). input_sizes gets none.
absl::Status Conv2DBackpropInputGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(nn::ConvArgs a, nn::GetConvArgs(c.attrs()));
  const Scope& s = c.scope();
  c.set_input_grad(1, ops::Conv2DBackpropFilter(s, c.grad(0), ops::Shape(s, c.input(1)),
                                                c.input(2), a.strides, a.padding, a.attrs));
  c.set_input_grad(2, ops::Conv2D(s, c.grad(0), c.input(1), a.strides, a.padding, a.attrs));
  return absl::OkStatus();
}

// 4. Reference kernel: Conv2D's tap loop with every tap adding filter * out_backprop to the
//    input element it read.
absl::Status Conv2DBackpropInputKernel(KernelContext& c) {
  const Tensor& filter = c.input(1);
  const Tensor& grad = c.input(2);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  if (filter.shape().rank() != 4 || grad.shape().rank() != 4) {
    return c.InvalidArgument("filter and out_backprop must have rank 4, got ",
                             filter.shape().DebugString(), " and ", grad.shape().DebugString());
  }
  const TensorShape& f = filter.shape();
  ASSIGN_OR_RETURN(std::vector<int64_t> sizes, nn::SizesValues(c.input(0), "input_sizes"));
  if (sizes.size() == 2) {
    sizes = {grad.shape().dim(0), sizes[0], sizes[1], f.dim(2)};
  } else if (sizes.size() != 4) {
    return c.InvalidArgument("input_sizes must have 4 or 2 elements, got ", sizes.size());
  }
  ASSIGN_OR_RETURN(TensorShape input_shape, TensorShape::Create(sizes));
  RETURN_IF_ERROR(nn::CheckConvDepth(input_shape.dim(3), f.dim(2)));
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, input_shape, f.dim(0), f.dim(1)));
  RETURN_IF_ERROR(nn::CheckOutBackprop(w, f.dim(3), grad.shape()));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, input_shape));
  return DispatchDtype<TypeList<float, double, int32_t>>(c, grad.dtype(), [&]<typename T>() {
    const T* k = filter.data<T>();
    const T* g = grad.data<T>();
    T* dx = out.data<T>();
    nn::ForEachConvTap(w, f.dim(3), [&](int64_t i, int64_t j, int64_t o) {
      dx[i] = WrappingAdd(dx[i], WrappingMul(k[j], g[o]));
    });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: a gather. For input element (b, ih, iw, ic) the kernel's scatter adds
// k * grad over (oh, ow, oc) in that order; each (oh, ow) fixes (kh, kw), and walking kh and kw
// downwards visits oh and ow upwards, so the sum runs in the kernel's order (bitwise equal).
absl::Status Conv2DBackpropInputEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetConvAttrs(c.attrs()));
  const TensorShape& f = c.input_shape(1);
  if (f.rank() != 4 || c.output_shape().rank() != 4) return absl::UnimplementedError("rank");
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, c.output_shape(), f.dim(0), f.dim(1)));
  const IndexValue b = c.output_index(0), ih = c.output_index(1), iw = c.output_index(2);
  const IndexValue ic = c.output_index(3);
  auto source = [&](IndexValue i, IndexValue r, int64_t window, int64_t stride, int64_t dilation,
                    int64_t pad, int64_t out_size) {
    const nn::WindowSource s = nn::EmitWindowSource(c, i, r, window, stride, dilation, pad, out_size);
    return std::make_tuple(s.offset, s.out, s.exists);
  };
  const ElemValue result = c.Loop(
      w.window_h, {c.Constant(c.output_dtype(0), 0)},
      [&](IndexValue rh, const std::vector<ElemValue>& acc_h) {
        const auto [kh, oh, ok_h] =
            source(ih, rh, w.window_h, w.stride_h, w.dilation_h, w.pad_top, w.out_h);
        return c.Loop(w.window_w, acc_h, [&](IndexValue rw, const std::vector<ElemValue>& acc_w) {
          const auto [kw, ow, ok_w] =
              source(iw, rw, w.window_w, w.stride_w, w.dilation_w, w.pad_left, w.out_w);
          const ElemValue ok = c.Binary(ElemBinaryOp::kLogicalAnd, ok_h, ok_w);
          return c.Loop(f.dim(3), acc_w, [&](IndexValue oc, const std::vector<ElemValue>& acc) {
            const ElemValue k = c.ReadInput(1, {kh, kw, ic, oc});
            const ElemValue g = c.ReadInput(2, {b, oh, ow, oc});
            const ElemValue sum =
                c.Binary(ElemBinaryOp::kAdd, acc[0], c.Binary(ElemBinaryOp::kMul, k, g));
            return std::vector<ElemValue>{c.Select(ok, sum, acc[0])};
          });
        });
      })[0];
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("Conv2DBackpropInput")
    .Input("input_sizes: int32")
    .Input("filter: T")
    .Input("out_backprop: T")
    .Output("output: T")
    .Attr("T: {float, double, int32}")
    .Attr("strides: list(int)")
    .Attr("use_cudnn_on_gpu: bool = true")
    .Attr("padding: {'SAME', 'VALID', 'EXPLICIT'}")
    .Attr("explicit_paddings: list(int) = []")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .Attr("dilations: list(int) = [1, 1, 1, 1]")
    .SetShapeFn(Conv2DBackpropInputShape)
    .SetGradient(Conv2DBackpropInputGrad)
    .SetReferenceKernel(Conv2DBackpropInputKernel)
    .SetLoopEmitter(Conv2DBackpropInputEmitter)
    .Summary("The gradient of Conv2D with respect to its input.");

namespace ops {

Output Conv2DBackpropInput(const Scope& scope, const Output& input_sizes, const Output& filter,
                           const Output& out_backprop, const std::vector<int64_t>& strides,
                           absl::string_view padding, const Conv2DAttrs& attrs) {
  return nn::BuildConvOp(scope, "Conv2DBackpropInput", {input_sizes, filter, out_backprop},
                         strides, padding, attrs);
}

}  // namespace ops
}  // namespace rill
