// ReluGrad: the gradient of Relu, `gradients` where `features` > 0 and 0 elsewhere (TensorFlow's
// ReluGrad: inputs gradients, features; output backprops; attr T).
#include "absl/strings/str_cat.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// Both inputs have one shape (no broadcasting).
absl::Status ReluGradShape(ShapeContext& c) {
  absl::StatusOr<PartialShape> merged = c.input(0).Merge(c.input(1));
  if (!merged.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("gradients ", c.input(0).DebugString(),
                                                   " and features ", c.input(1).DebugString(),
                                                   " must have the same shape"));
  }
  c.set_output(0, *std::move(merged));
  return absl::OkStatus();
}

// Linear in `gradients` with the same mask; piecewise constant in `features` (no gradient).
absl::Status ReluGradGrad(GradientContext& c) {
  c.set_input_grad(0, ops::ReluGrad(c.scope(), c.grad(0), c.input(1)));
  return absl::OkStatus();
}

absl::Status ReluGradKernel(KernelContext& c) {
  if (!(c.input(0).shape() == c.input(1).shape())) {
    return c.InvalidArgument("gradients ", c.input(0).shape().DebugString(), " and features ",
                             c.input(1).shape().DebugString(), " must have the same shape");
  }
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    return BinaryElementwise<T>(c, [](T g, T f) { return f > T(0) ? g : T(0); });
  });
}

// Element emitter: features > 0 ? gradients : 0.
absl::Status ReluGradEmitter(EmitterContext& c) {
  const ElemValue g = c.input(0), f = c.input(1);
  const ElemValue zero = c.Constant(g.dtype, 0);
  c.set_output(0, c.Select(c.Compare(ElemCompare::kGt, f, zero), g, zero));
  return absl::OkStatus();
}

}  // namespace

RILL_REGISTER_OP("ReluGrad")
    .Input("gradients: T")
    .Input("features: T")
    .Output("backprops: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .SetIsElementwise()
    .SetShapeFn(ReluGradShape)
    .SetGradient(ReluGradGrad)
    .SetReferenceKernel(ReluGradKernel)
    .SetElementEmitter(ReluGradEmitter)
    .Summary("Relu's gradient: gradients where features > 0, else 0.");

namespace ops {

Output ReluGrad(const Scope& scope, const Output& gradients, const Output& features) {
  return OpBuilder(scope, "ReluGrad").Input(gradients).Input(features).Build().output(0);
}

}  // namespace ops
}  // namespace rill
