// AvgPool: the mean over each 2-D window of an NHWC input (TensorFlow's AvgPool: input value;
// attrs ksize, strides, padding, data_format, T).
#include "base/status_macros.h"
#include "graph/op_builder.h"
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

// 2. Shape function: [batch, out_h, out_w, depth] from the window arithmetic of the attrs.
absl::Status AvgPoolShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape input, shape_fns::WithRank(c.input(0), 4, "value"));
  ASSIGN_OR_RETURN(PartialShape out, nn::WindowOutputShape(attrs, input, attrs.ksize[0],
                                                           attrs.ksize[1], input.dim(3)));
  c.set_output(0, std::move(out));
  return absl::OkStatus();
}

// 3. Gradient: AvgPoolGrad spreads dy evenly over each window (TensorFlow's _AvgPoolGrad).
absl::Status AvgPoolGradient(GradientContext& c) {
  ASSIGN_OR_RETURN(nn::PoolArgs a, nn::GetPoolArgs(c.attrs()));
  const Scope& s = c.scope();
  c.set_input_grad(0, ops::AvgPoolGrad(s, ops::Shape(s, c.input(0)), c.grad(0), a.ksize,
                                       a.strides, a.padding, {.data_format = a.data_format}));
  return absl::OkStatus();
}

// 4. Reference kernel: the mean of the window's in-bounds elements (with SAME, padding is not
//    counted, as TensorFlow).
absl::Status AvgPoolKernel(KernelContext& c) {
  const Tensor& input = c.input(0);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(nn::Window2D w,
                   nn::MakeWindow2D(attrs, input.shape(), attrs.ksize[0], attrs.ksize[1]));
  ASSIGN_OR_RETURN(TensorShape out_shape,
                   TensorShape::Create({w.batch, w.out_h, w.out_w, w.in_depth}));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  return DispatchDtype<FloatTypes>(c, input.dtype(), [&]<typename T>() {
    const T* x = input.data<T>();
    T* y = out.data<T>();
    nn::ForEachPoolWindow(w, [&](int64_t o, const std::vector<int64_t>& taps) {
      if (taps.empty()) return;  // unreachable with SAME/VALID; the output stays 0
      T sum = 0;
      for (int64_t t : taps) sum += x[t];
      y[o] = sum / static_cast<T>(taps.size());
    });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: the in-bounds taps summed from 0 in window order, divided by their count
// (padding is not counted), as the kernel.
absl::Status AvgPoolEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  if (c.input_shape(0).rank() != 4) return absl::UnimplementedError("rank");
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, c.input_shape(0), attrs.ksize[0],
                                                    attrs.ksize[1]));
  using B = ElemBinaryOp;
  const DataType t = c.output_dtype(0);
  const IndexValue b = c.output_index(0), oh = c.output_index(1), ow = c.output_index(2);
  const IndexValue ch = c.output_index(3);
  auto tap = [&](IndexValue o, IndexValue k, int64_t stride, int64_t pad, int64_t size) {
    return nn::EmitWindowTap(c, o, k, stride, /*dilation=*/1, pad, size);
  };
  const std::vector<ElemValue> folded = c.Loop(
      w.window_h, {c.Constant(t, 0), c.Constant(t, 0)},
      [&](IndexValue kh, const std::vector<ElemValue>& acc_h) {
        const auto [ih, in_h] = tap(oh, kh, w.stride_h, w.pad_top, w.in_h);
        return c.Loop(w.window_w, acc_h, [&](IndexValue kw, const std::vector<ElemValue>& acc) {
          const auto [iw, in_w] = tap(ow, kw, w.stride_w, w.pad_left, w.in_w);
          const ElemValue inside = c.Binary(B::kLogicalAnd, in_h, in_w);
          const ElemValue v = c.ReadInput(0, {b, ih, iw, ch});
          return std::vector<ElemValue>{
              c.Select(inside, c.Binary(B::kAdd, acc[0], v), acc[0]),
              c.Select(inside, c.Binary(B::kAdd, acc[1], c.Constant(t, 1)), acc[1])};
        });
      });
  // The count is a small integer, exact in T. No taps (unreachable with SAME/VALID) gives 0.
  const ElemValue empty = c.Compare(ElemCompare::kEq, folded[1], c.Constant(t, 0));
  c.set_output(0, c.Select(empty, c.Constant(t, 0), c.Binary(B::kDiv, folded[0], folded[1])));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("AvgPool")
    .Input("value: T")
    .Output("output: T")
    .Attr("ksize: list(int) >= 4")
    .Attr("strides: list(int) >= 4")
    .Attr("padding: {'SAME', 'VALID'}")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .Attr("T: {float, double}")
    .SetShapeFn(AvgPoolShape)
    .SetGradient(AvgPoolGradient)
    .SetReferenceKernel(AvgPoolKernel)
    .SetLoopEmitter(AvgPoolEmitter)
    .Summary("The mean over each window of an NHWC input.");

namespace ops {

Output AvgPool(const Scope& scope, const Output& value, const std::vector<int64_t>& ksize,
               const std::vector<int64_t>& strides, absl::string_view padding,
               const AvgPoolAttrs& attrs) {
  return OpBuilder(scope, "AvgPool")
      .Input(value)
      .Attr("ksize", nn::IntListAttr(ksize))
      .Attr("strides", nn::IntListAttr(strides))
      .Attr("padding", padding)
      .Attr("data_format", attrs.data_format)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
