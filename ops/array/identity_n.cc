// IdentityN: returns its inputs unchanged, of any dtypes (TensorFlow's IdentityN: input input: T;
// output output: T; attr T: list(type)).
#include <vector>

#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: output i has input i's shape (and its known value, if any).
absl::Status IdentityNShape(ShapeContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) {
    c.set_output(i, c.input(i));
    if (const Tensor* t = c.input_tensor(i); t != nullptr) c.set_output_tensor(i, *t);
  }
  return absl::OkStatus();
}

// 3. Gradient: each dy passes through to its input (none stays none).
absl::Status IdentityNGrad(GradientContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) c.set_input_grad(i, c.grad(i));
  return absl::OkStatus();
}

// 4. Reference kernel: passes the input tensors through (sharing their buffers), every dtype.
absl::Status IdentityNKernel(KernelContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) c.set_output(i, c.input(i));
  return absl::OkStatus();
}

// 5. Expansion (compiler only: the executor runs the kernel): one Identity per input, whose
//    buffers the compiler forwards.
absl::Status IdentityNExpand(ExpandContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) c.set_output(i, ops::Identity(c.scope(), c.input(i)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("IdentityN")
    .Input("input: T")
    .Output("output: T")
    .Attr("T: list(type) >= 1")
    .SetShapeFn(IdentityNShape)
    .SetGradient(IdentityNGrad)
    .SetReferenceKernel(IdentityNKernel)
    .SetExpand(IdentityNExpand)
    .Summary("Returns the inputs unchanged.");

namespace ops {

std::vector<Output> IdentityN(const Scope& scope, const std::vector<Output>& inputs) {
  OpBuilder builder(scope, "IdentityN");
  AttrValue types;
  for (const Output& in : inputs) {
    builder.Input(in);
    types.mutable_list()->add_type(BaseType(in.dtype()));
  }
  Operation op = builder.Attr("T", types).Build();
  std::vector<Output> outputs;
  for (size_t i = 0; i < inputs.size(); ++i) outputs.push_back(op.output(static_cast<int>(i)));
  return outputs;
}

}  // namespace ops
}  // namespace rill
