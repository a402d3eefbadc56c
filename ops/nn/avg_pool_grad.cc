// AvgPoolGrad: the gradient of AvgPool, spreading each output gradient evenly over its window
// (TensorFlow's AvgPoolGrad: inputs orig_input_shape, grad; AvgPool's attrs).
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/nn/nn_attr_util.h"
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

// 5. LLVM emitter: none yet (the compiler issue adds a loop emitter).

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
