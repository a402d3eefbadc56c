// TruncatedNormal: a tensor of the given shape filled with standard normal values restricted to
// (-2, 2): values 2 or more standard deviations from 0 are dropped and redrawn (TensorFlow's op:
// input shape; attrs seed, seed2, dtype, T). Counter-based Philox stream; stateful.
#include "graph/op_builder.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/random/random_op_util.h"
#include "ops/random_ops.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: random::RandomShape (the value of the `shape` input).

// 3. Gradient: none (TensorFlow's NotDifferentiable): the values do not depend on any input.

// 4. Reference kernel, for float and double (rejection sampling; see random_fill.h for the layout).
absl::Status TruncatedNormalKernel(KernelContext& c) {
  return random::FloatRandomKernel(c, random::FloatDistribution::kTruncatedNormal);
}

// 5. LLVM emitter: none; compiler/codegen/random_call_lowering.h lowers it to a generated kernel
//    that calls random::Fill* on the output buffer with the op's {seed, seed2, step} (bitwise
//    this kernel's values).

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("TruncatedNormal")
    .Input("shape: T")
    .Output("output: dtype")
    .Attr("seed: int = 0")
    .Attr("seed2: int = 0")
    .Attr("dtype: {float, double}")
    .Attr("T: {int32, int64}")
    .SetIsStateful()
    .SetShapeFn(random::RandomShape)
    .SetNoGradient()
    .SetReferenceKernel(TruncatedNormalKernel)
    .Summary("Standard normal random values within two standard deviations.");

namespace ops {

Output TruncatedNormal(const Scope& scope, const Output& shape, DataType dtype,
                       const RandomAttrs& attrs) {
  return OpBuilder(scope, "TruncatedNormal")
      .Input(shape)
      .Attr("seed", attrs.seed)
      .Attr("seed2", attrs.seed2)
      .Attr("dtype", dtype)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
