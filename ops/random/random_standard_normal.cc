// RandomStandardNormal: a tensor of the given shape filled with standard normal values (mean 0,
// standard deviation 1) by Box-Muller on the counter-based Philox stream of (seed, seed2, step)
// (TensorFlow's op: input shape; attrs seed, seed2, dtype, T). Stateful.
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

// 4. Reference kernel, for float and double.
absl::Status RandomStandardNormalKernel(KernelContext& c) {
  return random::FloatRandomKernel(c, random::FloatDistribution::kNormal);
}

// 5. LLVM emitter: none; compiler/codegen/random_call_lowering.h lowers it to a generated kernel
//    that calls random::Fill* on the output buffer with the op's {seed, seed2, step} (bitwise
//    this kernel's values).

}  // namespace

// 6. Registration. TensorFlow also allows half and bfloat16.
RILL_REGISTER_OP("RandomStandardNormal")
    .Input("shape: T")
    .Output("output: dtype")
    .Attr("seed: int = 0")
    .Attr("seed2: int = 0")
    .Attr("dtype: {float, double}")
    .Attr("T: {int32, int64}")
    .SetIsStateful()
    .SetShapeFn(random::RandomShape)
    .SetNoGradient()
    .SetReferenceKernel(RandomStandardNormalKernel)
    .Summary("Standard normal random values.");

namespace ops {

Output RandomStandardNormal(const Scope& scope, const Output& shape, DataType dtype,
                            const RandomAttrs& attrs) {
  return OpBuilder(scope, "RandomStandardNormal")
      .Input(shape)
      .Attr("seed", attrs.seed)
      .Attr("seed2", attrs.seed2)
      .Attr("dtype", dtype)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
