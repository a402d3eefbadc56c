// MaxPoolGrad: the gradient of MaxPool, routing each output gradient to its window's maximum
// (TensorFlow's MaxPoolGrad: inputs orig_input, orig_output, grad; MaxPool's attrs).
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/emitter_context.h"
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

// 2. Shape function: orig_input's shape; orig_output and grad must have the pool's output shape.
absl::Status MaxPoolGradShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(PartialShape input, shape_fns::WithRank(c.input(0), 4, "orig_input"));
  ASSIGN_OR_RETURN(PartialShape output, shape_fns::WithRank(c.input(1), 4, "orig_output"));
  ASSIGN_OR_RETURN(PartialShape grad, shape_fns::WithRank(c.input(2), 4, "grad"));
  ASSIGN_OR_RETURN(PartialShape pooled, nn::WindowOutputShape(attrs, input, attrs.ksize[0],
                                                              attrs.ksize[1], input.dim(3)));
  for (const auto& [what, shape] : {std::pair{"orig_output", output}, std::pair{"grad", grad}}) {
    if (!pooled.IsCompatibleWith(shape)) {
      return absl::InvalidArgumentError(absl::StrCat(what, " has shape ", shape.DebugString(),
                                                     " but the pool's output has shape ",
                                                     pooled.DebugString()));
    }
  }
  c.set_output(0, std::move(input));
  return absl::OkStatus();
}

// 3. Gradient: none registered. TensorFlow differentiates MaxPoolGrad with MaxPoolGradGrad, an
//    op rill does not have; autodiff through MaxPoolGrad is an error naming it.

// 4. Reference kernel: each grad element goes to the element MaxPool picked in its window
//    (first maximum, or first NaN), found again in orig_input; overlapping windows add up.
absl::Status MaxPoolGradKernel(KernelContext& c) {
  const Tensor& input = c.input(0);
  const Tensor& grad = c.input(2);
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  ASSIGN_OR_RETURN(nn::Window2D w,
                   nn::MakeWindow2D(attrs, input.shape(), attrs.ksize[0], attrs.ksize[1]));
  ASSIGN_OR_RETURN(TensorShape pooled,
                   TensorShape::Create({w.batch, w.out_h, w.out_w, w.in_depth}));
  for (int i : {1, 2}) {
    if (!(c.input(i).shape() == pooled)) {
      return c.InvalidArgument(i == 1 ? "orig_output" : "grad", " has shape ",
                               c.input(i).shape().DebugString(),
                               " but the pool's output has shape ", pooled.DebugString());
    }
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, input.shape()));
  return DispatchDtype<RealTypes>(c, input.dtype(), [&]<typename T>() {
    const T* x = input.data<T>();
    const T* g = grad.data<T>();
    T* dx = out.data<T>();
    nn::ForEachPoolWindow(w, [&](int64_t o, const std::vector<int64_t>& taps) {
      const int64_t winner = nn::MaxPoolWinner(x, taps);
      if (winner >= 0) dx[winner] = WrappingAdd(dx[winner], g[o]);
    });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: a gather. Input element (b, ih, iw, ch) sums the grads of the windows whose
// MaxPoolWinner it is, in the kernel's scatter order ((oh, ow) ascending: walk the window
// offsets downwards); each candidate window's winner is recomputed with the kernel's rule.
absl::Status MaxPoolGradEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(nn::WindowAttrs attrs, nn::GetPoolAttrs(c.attrs()));
  const TensorShape& in = c.input_shape(0);
  if (in.rank() != 4) return absl::UnimplementedError("rank");
  ASSIGN_OR_RETURN(nn::Window2D w, nn::MakeWindow2D(attrs, in, attrs.ksize[0], attrs.ksize[1]));
  const TensorShape pooled({w.batch, w.out_h, w.out_w, w.in_depth});
  if (c.input_shape(1) != pooled || c.input_shape(2) != pooled) {
    return absl::UnimplementedError("shape mismatch (the kernel reports it)");
  }
  using I = IndexOp;
  using B = ElemBinaryOp;
  const DataType t = c.output_dtype(0);
  const bool fp = t == DT_FLOAT || t == DT_DOUBLE;
  const IndexValue b = c.output_index(0), ih = c.output_index(1), iw = c.output_index(2);
  const IndexValue ch = c.output_index(3);
  const auto position = [&](IndexValue h, IndexValue x) {  // flat (h, w) as an int64 value
    return c.IndexToValue(c.IndexArith(I::kAdd, c.IndexArith(I::kMul, h, c.Index(w.in_w)), x),
                          DT_INT64);
  };
  const ElemValue self = position(ih, iw);
  // The window (oh, ow)'s winner position, or -1 when it has no in-bounds tap.
  const auto winner = [&](IndexValue oh, IndexValue ow) {
    const auto tap = [&](IndexValue o, IndexValue k, int64_t stride, int64_t pad, int64_t size) {
      return nn::EmitWindowTap(c, o, k, stride, /*dilation=*/1, pad, size);
    };
    const std::vector<ElemValue> init = {c.Constant(t, 0), c.Constant(DT_INT64, -1),
                                         c.Constant(DT_BOOL, 0)};
    return c.Loop(w.window_h, init, [&](IndexValue kh, const std::vector<ElemValue>& acc_h) {
      const auto [h, in_h] = tap(oh, kh, w.stride_h, w.pad_top, w.in_h);
      return c.Loop(w.window_w, acc_h, [&](IndexValue kw, const std::vector<ElemValue>& acc) {
        const auto [x, in_w] = tap(ow, kw, w.stride_w, w.pad_left, w.in_w);
        const ElemValue inside = c.Binary(B::kLogicalAnd, in_h, in_w);
        const ElemValue v = c.ReadInput(0, {b, h, x, ch});
        ElemValue better = c.Compare(ElemCompare::kGt, v, acc[0]);
        if (fp) {
          better = c.Binary(B::kLogicalAnd,
                            c.Unary(ElemUnaryOp::kLogicalNot, c.Unary(ElemUnaryOp::kIsNan, acc[0])),
                            c.Binary(B::kLogicalOr, c.Unary(ElemUnaryOp::kIsNan, v), better));
        }
        const ElemValue take = c.Binary(
            B::kLogicalAnd, inside,
            c.Binary(B::kLogicalOr, c.Unary(ElemUnaryOp::kLogicalNot, acc[2]), better));
        return std::vector<ElemValue>{c.Select(take, v, acc[0]),
                                      c.Select(take, position(h, x), acc[1]),
                                      c.Binary(B::kLogicalOr, acc[2], inside)};
      });
    })[1];
  };
  // The output coordinate whose window reaches input coordinate i at offset window-1-r.
  const auto source = [&](IndexValue i, IndexValue r, int64_t window, int64_t stride, int64_t pad,
                           int64_t out_size) {
    const nn::WindowSource s =
        nn::EmitWindowSource(c, i, r, window, stride, /*dilation=*/1, pad, out_size);
    return std::make_pair(s.out, s.exists);
  };
  const ElemValue result = c.Loop(
      w.window_h, {c.Constant(t, 0)}, [&](IndexValue rh, const std::vector<ElemValue>& acc_h) {
        const auto [oh, ok_h] = source(ih, rh, w.window_h, w.stride_h, w.pad_top, w.out_h);
        return c.Loop(w.window_w, acc_h, [&](IndexValue rw, const std::vector<ElemValue>& acc) {
          const auto [ow, ok_w] = source(iw, rw, w.window_w, w.stride_w, w.pad_left, w.out_w);
          const ElemValue hit =
              c.Binary(B::kLogicalAnd, c.Binary(B::kLogicalAnd, ok_h, ok_w),
                       c.Compare(ElemCompare::kEq, winner(oh, ow), self));
          const ElemValue sum = c.Binary(B::kAdd, acc[0], c.ReadInput(2, {b, oh, ow, ch}));
          return std::vector<ElemValue>{c.Select(hit, sum, acc[0])};
        });
      })[0];
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, int8, int16 and the unsigned ints.
RILL_REGISTER_OP("MaxPoolGrad")
    .Input("orig_input: T")
    .Input("orig_output: T")
    .Input("grad: T")
    .Output("output: T")
    .Attr("ksize: list(int) >= 4")
    .Attr("strides: list(int) >= 4")
    .Attr("padding: {'SAME', 'VALID', 'EXPLICIT'}")
    .Attr("explicit_paddings: list(int) = []")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .Attr("T: {float, double, int32, int64, uint8} = DT_FLOAT")
    .SetShapeFn(MaxPoolGradShape)
    .SetReferenceKernel(MaxPoolGradKernel)
    .SetLoopEmitter(MaxPoolGradEmitter)
    .Summary("The gradient of MaxPool: grad routed to each window's maximum.");

namespace ops {

Output MaxPoolGrad(const Scope& scope, const Output& orig_input, const Output& orig_output,
                   const Output& grad, const std::vector<int64_t>& ksize,
                   const std::vector<int64_t>& strides, absl::string_view padding,
                   const MaxPoolAttrs& attrs) {
  return OpBuilder(scope, "MaxPoolGrad")
      .Input(orig_input)
      .Input(orig_output)
      .Input(grad)
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
