// Fill: a tensor of the given dims filled with a scalar (TensorFlow's Fill: inputs dims, value;
// attrs T, index_type).
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// Output = the dims input as far as known; value must be a scalar.
absl::Status FillShape(ShapeContext& c) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(1), 0, "value").status());
  ASSIGN_OR_RETURN(PartialShape out, c.MakeShapeFromShapeTensor(0));
  c.set_output(0, std::move(out));
  return absl::OkStatus();
}

// dvalue = the sum of dy over all elements; dims gets none.
absl::Status FillGrad(GradientContext& c) {
  const Scope& s = c.scope();
  Output flat = ops::Reshape(s, c.grad(0), ops::Const(s, {int32_t{-1}}));
  c.set_input_grad(1, ops::Sum(s, flat, ops::Const(s, int32_t{0})));
  return absl::OkStatus();
}

absl::Status FillKernel(KernelContext& c) {
  const Tensor& dims = c.input(0);
  const Tensor& value = c.input(1);
  if (dims.shape().rank() != 1) {
    return c.InvalidArgument("dims must be a vector, got shape ", dims.shape().DebugString());
  }
  if (value.shape().rank() != 0) {
    return c.InvalidArgument("value must be a scalar, got shape ", value.shape().DebugString());
  }
  std::vector<int64_t> shape(dims.num_elements());
  for (int64_t i = 0; i < dims.num_elements(); ++i) {
    shape[i] =
        dims.dtype() == DT_INT64 ? dims.data<int64_t>()[i] : int64_t{dims.data<int32_t>()[i]};
  }
  absl::StatusOr<TensorShape> out_shape = TensorShape::Create(shape);
  if (!out_shape.ok()) return c.AddContext(out_shape.status());
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *out_shape));
  return DispatchDtype<AllTypes>(c, value.dtype(), [&]<typename T>() {
    const T v = value.data<T>()[0];
    T* o = out.data<T>();
    for (int64_t i = 0; i < out.num_elements(); ++i) o[i] = v;
    return absl::OkStatus();
  });
}

// 5. Loop emitter: every element is the scalar `value`.
absl::Status FillEmitter(EmitterContext& c) {
  c.set_output(0, c.ReadInput(1, {}));
  return absl::OkStatus();
}

}  // namespace

RILL_REGISTER_OP("Fill")
    .Input("dims: index_type")
    .Input("value: T")
    .Output("output: T")
    .Attr("T: type")
    .Attr("index_type: {int32, int64} = DT_INT32")
    .SetShapeFn(FillShape)
    .SetGradient(FillGrad)
    .SetReferenceKernel(FillKernel)
    .SetLoopEmitter(FillEmitter)
    .Summary("A tensor of the given dims filled with a scalar value.");

namespace ops {

Output Fill(const Scope& scope, const Output& dims, const Output& value) {
  return OpBuilder(scope, "Fill").Input(dims).Input(value).Build().output(0);
}

}  // namespace ops
}  // namespace rill
