// AvgPoolGrad: the gradient of AvgPool, spreading each output gradient evenly over its window
// (TensorFlow's AvgPoolGrad: inputs orig_input_shape, grad; AvgPool's attrs).
#include <tuple>

#include "base/status_macros.h"
#include "graph/op_builder.h"
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

// 2. Shape function: the shape orig_input_shape holds (rank 4); grad must have the pool's
//    output shape.
absl::Status AvgPoolGradShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape sizes, c.MakeShapeFromShapeTensor(0));
  ASSIGN_OR_RETURN(PartialShape input, shape_fns::WithRank(sizes, 4, "orig_input_shape"));
  ASSIGN_OR_RETURN(PartialShape grad, shape_fns::WithRank(c.input(1), 4, "grad"));
  ASSIGN_OR_RETURN(input, input.Merge(PartialShape({grad.dim(0), -1, -1, grad.dim(3)})));
  ASSIGN_OR_RETURN(PartialShape pooled, nn::WindowOutputShape(attrs, input, attrs.ksize[0],
                                                              attrs.ksize[1], input.dim(3)));
  if (!pooled.IsCompatibleWith(grad)) {
    return absl::InvalidArgumentError(absl::StrCat("grad has shape ", grad.DebugString(),
                                                   " but the pool's output has shape ",
                                                   pooled.DebugString()));
  }
  c.set_output(0, std::move(input));
  return absl::OkStatus();
}

// 3. Gradient: AvgPoolGrad is linear in grad and is AvgPool's adjoint, so its own gradient is
//    AvgPool (TensorFlow's _AvgPoolGradGrad). orig_input_shape gets none.
absl::Status AvgPoolGradGradient(GradientContext& c) {
  ASSIGN_OR_RETURN(nn::PoolArgs a, nn::GetPoolArgs(c.attrs()));
  c.set_input_grad(1, ops::AvgPool(c.scope(), c.grad(0), a.ksize, a.strides, a.padding,
                                   {.data_format = a.data_format}));
  return absl::OkStatus();
}

// 4. Reference kernel: each grad element is divided by its window's in-bounds element count and
//    added to those elements.
absl::Status AvgPoolGradKernel(KernelContext& c) {
  const Tensor& grad = c.input(1);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(std::vector<int64_t> sizes, nn::SizesValues(c.input(0), "orig_input_shape"));
  if (sizes.size() != 4) {
    return c.InvalidArgument("orig_input_shape must have 4 elements, got ", sizes.size());
  }
  ASSIGN_OR_RETURN(TensorShape input_shape, TensorShape::Create(sizes));
  ASSIGN_OR_RETURN(nn::Window2D w,
                   nn::MakeWindow2D(attrs, input_shape, attrs.ksize[0], attrs.ksize[1]));
  ASSIGN_OR_RETURN(TensorShape pooled,
                   TensorShape::Create({w.batch, w.out_h, w.out_w, w.in_depth}));
  if (!(grad.shape() == pooled)) {
    return c.InvalidArgument("grad has shape ", grad.shape().DebugString(),
                             " but the pool's output has shape ", pooled.DebugString());
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, input_shape));
  return DispatchDtype<FloatTypes>(c, grad.dtype(), [&]<typename T>() {
    const T* g = grad.data<T>();
    T* dx = out.data<T>();
    nn::ForEachPoolWindow(w, [&](int64_t o, const std::vector<int64_t>& taps) {
      if (taps.empty()) return;
      const T share = g[o] / static_cast<T>(taps.size());
      for (int64_t t : taps) dx[t] += share;
    });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: a gather. Input element (b, ih, iw, ch) adds grad / count of every window
// that covers it, windows in the kernel's scatter order ((oh, ow) ascending: window offsets
// walked downwards); a window's count is its in-bounds extent, as the kernel's taps.size().
absl::Status AvgPoolGradEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  const TensorShape& in = c.output_shape();
  if (in.rank() != 4) return absl::UnimplementedError("rank");
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, in, attrs.ksize[0], attrs.ksize[1]));
  if (c.input_shape(1) != TensorShape({w.batch, w.out_h, w.out_w, w.in_depth})) {
    return absl::UnimplementedError("grad shape mismatch (the kernel reports it)");
  }
  using I = IndexOp;
  using B = ElemBinaryOp;
  const DataType t = c.output_dtype(0);
  const IndexValue b = c.output_index(0), ih = c.output_index(1), iw = c.output_index(2);
  const IndexValue ch = c.output_index(3);
  const IndexValue zero = c.Index(0);
  // Output coordinate reaching i at window offset window-1-r, clamped, whether it exists, and
  // how many of that window's taps are in bounds along this dim.
  auto source = [&](IndexValue i, IndexValue r, int64_t window, int64_t stride, int64_t pad,
                    int64_t out_size, int64_t size) {
    const nn::WindowSource s =
        nn::EmitWindowSource(c, i, r, window, stride, /*dilation=*/1, pad, out_size);
    const IndexValue start = c.IndexArith(I::kSub, c.IndexArith(I::kMul, s.out, c.Index(stride)),
                                          c.Index(pad));
    const IndexValue extent =
        c.IndexArith(I::kSub,
                     c.IndexArith(I::kMin, c.IndexArith(I::kAdd, start, c.Index(window)),
                                  c.Index(size)),
                     c.IndexArith(I::kMax, start, zero));
    return std::make_tuple(s.out, s.exists, extent);
  };
  const ElemValue result = c.Loop(
      w.window_h, {c.Constant(t, 0)}, [&](IndexValue rh, const std::vector<ElemValue>& acc_h) {
        const auto [oh, ok_h, n_h] =
            source(ih, rh, w.window_h, w.stride_h, w.pad_top, w.out_h, w.in_h);
        return c.Loop(w.window_w, acc_h, [&](IndexValue rw, const std::vector<ElemValue>& acc) {
          const auto [ow, ok_w, n_w] =
              source(iw, rw, w.window_w, w.stride_w, w.pad_left, w.out_w, w.in_w);
          const IndexValue count = c.IndexArith(I::kMax, c.IndexArith(I::kMul, n_h, n_w),
                                                c.Index(1));  // a covered window has >= 1 tap
          const ElemValue share =
              c.Binary(B::kDiv, c.ReadInput(1, {b, oh, ow, ch}), c.IndexToValue(count, t));
          return std::vector<ElemValue>{c.Select(c.Binary(B::kLogicalAnd, ok_h, ok_w),
                                                 c.Binary(B::kAdd, acc[0], share), acc[0])};
        });
      })[0];
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("AvgPoolGrad")
    .Input("orig_input_shape: int32")
    .Input("grad: T")
    .Output("output: T")
    .Attr("ksize: list(int) >= 4")
    .Attr("strides: list(int) >= 4")
    .Attr("padding: {'SAME', 'VALID'}")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .Attr("T: {float, double}")
    .SetShapeFn(AvgPoolGradShape)
    .SetGradient(AvgPoolGradGradient)
    .SetReferenceKernel(AvgPoolGradKernel)
    .SetLoopEmitter(AvgPoolGradEmitter)
    .Summary("The gradient of AvgPool: grad spread evenly over each window.");

namespace ops {

Output AvgPoolGrad(const Scope& scope, const Output& orig_input_shape, const Output& grad,
                   const std::vector<int64_t>& ksize, const std::vector<int64_t>& strides,
                   absl::string_view padding, const AvgPoolAttrs& attrs) {
  return OpBuilder(scope, "AvgPoolGrad")
      .Input(orig_input_shape)
      .Input(grad)
      .Attr("ksize", nn::IntListAttr(ksize))
      .Attr("strides", nn::IntListAttr(strides))
      .Attr("padding", padding)
      .Attr("data_format", attrs.data_format)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
