// AddN: the element-wise sum of N tensors of one shape (TensorFlow's AddN: input `inputs: N * T`,
// output `sum`, attrs N, T). Autodiff uses it to sum the gradients of a fanned-out tensor.
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/elementwise.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// All inputs have one shape (no broadcasting): the output is their merge.
absl::Status AddNShape(ShapeContext& c) {
  PartialShape out = PartialShape::Unknown();
  for (int i = 0; i < c.num_inputs(); ++i) {
    absl::StatusOr<PartialShape> merged = out.Merge(c.input(i));
    if (!merged.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("inputs must have the same shape: input ", i,
                                                     " is ", c.input(i).DebugString(),
                                                     ", the others ", out.DebugString()));
    }
    out = *std::move(merged);
  }
  c.set_output(0, std::move(out));
  return absl::OkStatus();
}

// Every input gets dy.
absl::Status AddNGrad(GradientContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) c.set_input_grad(i, c.grad(0));
  return absl::OkStatus();
}

absl::Status AddNKernel(KernelContext& c) {
  const TensorShape& shape = c.input(0).shape();
  for (int i = 1; i < c.num_inputs(); ++i) {
    if (!(c.input(i).shape() == shape)) {
      return c.InvalidArgument("inputs must have the same shape: input 0 is ", shape.DebugString(),
                               ", input ", i, " is ", c.input(i).shape().DebugString());
    }
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, shape));
  return DispatchDtype<RealTypes>(c, c.input(0).dtype(), [&]<typename T>() {
    T* o = out.data<T>();
    for (int i = 0; i < c.num_inputs(); ++i) {
      const T* in = c.input(i).data<T>();
      for (int64_t k = 0; k < shape.num_elements(); ++k) o[k] = WrappingAdd(o[k], in[k]);
    }
    return absl::OkStatus();
  });
}

// Element emitter: ((0 + x0) + x1) + ... in input order, as the kernel accumulates into a
// zeroed buffer (so -0.0 alone sums to +0.0; integers wrap).
absl::Status AddNEmitter(EmitterContext& c) {
  ElemValue sum = c.Constant(c.output_dtype(0), 0);
  for (int i = 0; i < c.num_inputs(); ++i) sum = c.Binary(ElemBinaryOp::kAdd, sum, c.input(i));
  c.set_output(0, sum);
  return absl::OkStatus();
}

}  // namespace

// TensorFlow also allows half, bfloat16, complex, int8/16 and variant.
RILL_REGISTER_OP("AddN")
    .Input("inputs: N * T")
    .Output("sum: T")
    .Attr("N: int >= 1")
    .Attr("T: {float, double, uint8, int32, int64}")
    .SetIsCommutative()
    .SetIsAggregate()
    .SetIsElementwise()
    .SetShapeFn(AddNShape)
    .SetGradient(AddNGrad)
    .SetReferenceKernel(AddNKernel)
    .SetElementEmitter(AddNEmitter)
    .Summary("The element-wise sum of N tensors of one shape.");

namespace ops {

Output AddN(const Scope& scope, const std::vector<Output>& inputs) {
  if (inputs.empty()) {
    scope.UpdateStatus(absl::InvalidArgumentError(
        absl::StrCat("AddN '", scope.GetUniqueNameForOp("AddN"), "': needs at least one input")));
    return Output();
  }
  OpBuilder builder(scope, "AddN");
  for (const Output& in : inputs) builder.Input(in);
  return builder.Attr("N", static_cast<int64_t>(inputs.size()))
      .Attr("T", BaseType(inputs[0].dtype()))
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
