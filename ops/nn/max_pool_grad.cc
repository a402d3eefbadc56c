// MaxPoolGrad: the gradient of MaxPool, routing each output gradient to its window's maximum
// (TensorFlow's MaxPoolGrad: inputs orig_input, orig_output, grad; MaxPool's attrs).
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/kernel_context.h"
#include "ops/nn/nn_attr_util.h"
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

// 5. LLVM emitter: none yet (the compiler issue adds a loop emitter).

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
