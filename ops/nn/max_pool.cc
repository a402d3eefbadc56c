// MaxPool: the maximum over each 2-D window of an NHWC input (TensorFlow's MaxPool: input input;
// attrs T, ksize, strides, padding, explicit_paddings, data_format).
#include <limits>

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

// 2. Shape function: [batch, out_h, out_w, depth] from the window arithmetic of the attrs.
absl::Status MaxPoolShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape input, shape_fns::WithRank(c.input(0), 4, "input"));
  ASSIGN_OR_RETURN(PartialShape out, nn::WindowOutputShape(attrs, input, attrs.ksize[0],
                                                           attrs.ksize[1], input.dim(3)));
  c.set_output(0, std::move(out));
  return absl::OkStatus();
}

// 3. Gradient: MaxPoolGrad routes dy to each window's maximum (TensorFlow's _MaxPoolGrad).
absl::Status MaxPoolGradient(GradientContext& c) {
  ASSIGN_OR_RETURN(nn::PoolArgs a, nn::GetPoolArgs(c.attrs()));
  c.set_input_grad(0, ops::MaxPoolGrad(c.scope(), c.input(0), c.output(0), c.grad(0), a.ksize,
                                       a.strides, a.padding,
                                       {.explicit_paddings = a.explicit_paddings,
                                        .data_format = a.data_format}));
  return absl::OkStatus();
}

// 4. Reference kernel: padding takes no part (a window sees only real elements); a NaN in a
//    window is its maximum. A window entirely in EXPLICIT padding gives -inf (or the lowest
//    integer).
absl::Status MaxPoolKernel(KernelContext& c) {
  const Tensor& input = c.input(0);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(nn::Window2D w,
                   nn::MakeWindow2D(attrs, input.shape(), attrs.ksize[0], attrs.ksize[1]));
  ASSIGN_OR_RETURN(TensorShape out_shape,
                   TensorShape::Create({w.batch, w.out_h, w.out_w, w.in_depth}));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  return DispatchDtype<RealTypes>(c, input.dtype(), [&]<typename T>() {
    const T* x = input.data<T>();
    T* y = out.data<T>();
    const T empty = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                         : std::numeric_limits<T>::lowest();
    nn::ForEachPoolWindow(w, [&](int64_t o, const std::vector<int64_t>& taps) {
      const int64_t winner = nn::MaxPoolWinner(x, taps);
      y[o] = winner < 0 ? empty : x[winner];
    });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: MaxPoolWinner's rule as a fold over the in-bounds taps in window order (the
// first tap starts it, a NaN sticks, a NaN or a larger value wins); no tap gives `empty`.
absl::Status MaxPoolEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  if (c.input_shape(0).rank() != 4) return absl::UnimplementedError("not rank 4");
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, c.input_shape(0), attrs.ksize[0],
                                                    attrs.ksize[1]));
  const DataType t = c.output_dtype(0);
  const bool fp = t == DT_FLOAT || t == DT_DOUBLE;
  ElemValue empty;
  if (fp) {
    empty = c.Constant(t, -std::numeric_limits<double>::infinity());
  } else {
    int64_t lowest = 0;
    if (t == DT_INT32) lowest = std::numeric_limits<int32_t>::lowest();
    if (t == DT_INT64) lowest = std::numeric_limits<int64_t>::lowest();
    empty = c.IndexToValue(c.Index(lowest), t);
  }
  const IndexValue b = c.output_index(0), oh = c.output_index(1), ow = c.output_index(2);
  const IndexValue ch = c.output_index(3);
  auto tap = [&](IndexValue o, IndexValue k, int64_t stride, int64_t pad, int64_t size) {
    return nn::EmitWindowTap(c, o, k, stride, /*dilation=*/1, pad, size);
  };
  // Carried: the best value so far and whether any tap was seen.
  const std::vector<ElemValue> folded = c.Loop(
      w.window_h, {empty, c.Constant(DT_BOOL, 0)},
      [&](IndexValue kh, const std::vector<ElemValue>& acc_h) {
        const auto [ih, in_h] = tap(oh, kh, w.stride_h, w.pad_top, w.in_h);
        return c.Loop(w.window_w, acc_h, [&](IndexValue kw, const std::vector<ElemValue>& acc) {
          const auto [iw, in_w] = tap(ow, kw, w.stride_w, w.pad_left, w.in_w);
          const ElemValue inside = c.Binary(ElemBinaryOp::kLogicalAnd, in_h, in_w);
          const ElemValue v = c.ReadInput(0, {b, ih, iw, ch});
          ElemValue wins = c.Compare(ElemCompare::kGt, v, acc[0]);
          if (fp) {
            wins = c.Binary(ElemBinaryOp::kLogicalAnd,
                            c.Unary(ElemUnaryOp::kLogicalNot, c.Unary(ElemUnaryOp::kIsNan, acc[0])),
                            c.Binary(ElemBinaryOp::kLogicalOr, c.Unary(ElemUnaryOp::kIsNan, v), wins));
          }
          const ElemValue take = c.Binary(
              ElemBinaryOp::kLogicalAnd, inside,
              c.Binary(ElemBinaryOp::kLogicalOr, c.Unary(ElemUnaryOp::kLogicalNot, acc[1]), wins));
          return std::vector<ElemValue>{c.Select(take, v, acc[0]),
                                        c.Binary(ElemBinaryOp::kLogicalOr, acc[1], inside)};
        });
      });
  c.set_output(0, c.Select(folded[1], folded[0], empty));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, int8, int16, uint16 and qint8, and the
// NCHW_VECT_C layout.
RILL_REGISTER_OP("MaxPool")
    .Input("input: T")
    .Output("output: T")
    .Attr("T: {float, double, int32, int64, uint8} = DT_FLOAT")
    .Attr("ksize: list(int) >= 4")
    .Attr("strides: list(int) >= 4")
    .Attr("padding: {'SAME', 'VALID', 'EXPLICIT'}")
    .Attr("explicit_paddings: list(int) = []")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .SetShapeFn(MaxPoolShape)
    .SetGradient(MaxPoolGradient)
    .SetReferenceKernel(MaxPoolKernel)
    .SetLoopEmitter(MaxPoolEmitter)
    .Summary("The maximum over each window of an NHWC input.");

namespace ops {

Output MaxPool(const Scope& scope, const Output& input, const std::vector<int64_t>& ksize,
               const std::vector<int64_t>& strides, absl::string_view padding,
               const MaxPoolAttrs& attrs) {
  return OpBuilder(scope, "MaxPool")
      .Input(input)
      .Attr("ksize", nn::IntListAttr(ksize))
      .Attr("strides", nn::IntListAttr(strides))
      .Attr("padding", padding)
      .Attr("explicit_paddings", nn::IntListAttr(attrs.explicit_paddings))
      .Attr("data_format", attrs.data_format)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
