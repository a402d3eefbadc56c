// RandomUniformInt: a tensor of the given shape filled with uniform integers in [minval, maxval)
// from the counter-based Philox stream of (seed, seed2, step) (TensorFlow's op: inputs shape,
// minval, maxval; attrs seed, seed2, Tout, T). Slightly biased unless maxval - minval is a power
// of two, as in TensorFlow. Stateful.
#include "absl/types/span.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/random/random_fill.h"
#include "ops/random/random_op_util.h"
#include "ops/random/random_stream.h"
#include "ops/random_ops.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: minval and maxval are scalars; the output shape is the `shape` input's value.
absl::Status RandomUniformIntShape(ShapeContext& c) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(1), 0, "minval").status());
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(2), 0, "maxval").status());
  return random::RandomShape(c);
}

// 3. Gradient: none (integer outputs; TensorFlow's NotDifferentiable).

// 4. Reference kernel, for int32 and int64. As in TensorFlow, an empty output is fine whatever
//    the bounds ("zero impossible things are fine"); otherwise minval < maxval is required.
absl::Status RandomUniformIntKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(TensorShape shape, random::ShapeFromShapeInput(c, 0));
  const Tensor& minval = c.input(1);
  const Tensor& maxval = c.input(2);
  if (minval.shape().rank() != 0) {
    return c.InvalidArgument("minval must be a scalar, got ", minval.shape().DebugString());
  }
  if (maxval.shape().rank() != 0) {
    return c.InvalidArgument("maxval must be a scalar, got ", maxval.shape().DebugString());
  }
  ASSIGN_OR_RETURN(random::PhiloxStream stream, random::PhiloxStream::ForKernel(c));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, shape));
  if (out.num_elements() == 0) return absl::OkStatus();
  return DispatchDtype<IndexTypes>(c, c.output_dtype(0), [&]<typename T>() {
    const T lo = minval.data<T>()[0];
    const T hi = maxval.data<T>()[0];
    if (!(lo < hi)) return c.InvalidArgument("need minval < maxval: ", lo, " >= ", hi);
    random::FillUniformInt(stream, 0, lo, hi, absl::MakeSpan(out.data<T>(), out.num_elements()));
    return absl::OkStatus();
  });
}

// 5. LLVM emitter: none; compiler/codegen/random_call_lowering.h lowers it to a generated kernel
//    that calls random::Fill* on the output buffer with the op's {seed, seed2, step} (bitwise
//    this kernel's values).

}  // namespace

// 6. Registration. TensorFlow's attr order (seed, seed2, Tout, T) is kept.
RILL_REGISTER_OP("RandomUniformInt")
    .Input("shape: T")
    .Input("minval: Tout")
    .Input("maxval: Tout")
    .Output("output: Tout")
    .Attr("seed: int = 0")
    .Attr("seed2: int = 0")
    .Attr("Tout: {int32, int64}")
    .Attr("T: {int32, int64}")
    .SetIsStateful()
    .SetShapeFn(RandomUniformIntShape)
    .SetNoGradient()
    .SetReferenceKernel(RandomUniformIntKernel)
    .Summary("Uniform random integers in [minval, maxval).");

namespace ops {

Output RandomUniformInt(const Scope& scope, const Output& shape, const Output& minval,
                        const Output& maxval, const RandomAttrs& attrs) {
  return OpBuilder(scope, "RandomUniformInt")
      .Input(shape)
      .Input(minval)
      .Input(maxval)
      .Attr("seed", attrs.seed)
      .Attr("seed2", attrs.seed2)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
