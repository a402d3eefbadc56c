// Rank: the number of dims of a tensor, an int32 scalar (TensorFlow's Rank: input input; attr T).
#include <cstdint>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: a scalar, published as a constant when the input's rank is known.
absl::Status RankShape(ShapeContext& c) {
  c.set_output(0, PartialShape::Scalar());
  if (c.input(0).rank_known()) c.set_output_tensor(0, Tensor::Scalar<int32_t>(c.input(0).rank()));
  return absl::OkStatus();
}

// 3. Gradient: none (an integer; TensorFlow's NoGradient).

// 4. Reference kernel (any input dtype; int32 output).
absl::Status RankKernel(KernelContext& c) {
  c.set_output(0, Tensor::Scalar<int32_t>(c.input(0).shape().rank()));
  return absl::OkStatus();
}

// 5. LLVM emitter: none (folds to a constant once shapes are specialised).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Rank")
    .Input("input: T")
    .Output("output: int32")
    .Attr("T: type")
    .SetShapeFn(RankShape)
    .SetNoGradient()
    .SetReferenceKernel(RankKernel)
    .Summary("The number of dims of a tensor.");

namespace ops {

Output Rank(const Scope& scope, const Output& input) {
  return OpBuilder(scope, "Rank").Input(input).Build().output(0);
}

}  // namespace ops
}  // namespace rill
