// What the random ops share: their shape function (the output shape is the value of the 1-D
// `shape` input), the kernel-side reading of that input, and the one kernel of the float ops.
#ifndef RILL_OPS_RANDOM_RANDOM_OP_UTIL_H_
#define RILL_OPS_RANDOM_RANDOM_OP_UTIL_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/tensor_shape.h"
#include "ops/kernel_context.h"
#include "ops/shape_context.h"

namespace rill::random {

// Output 0's shape is described by input 0 (`shape`, a 1-D int32/int64 tensor): exact when it
// is a constant (or a published shape value), [?,?] when only its length is known, unknown
// otherwise (TensorFlow's RandomShape). InvalidArgument when `shape` is not a vector.
absl::Status RandomShape(ShapeContext& c);

// The output shape from the kernel's input `index`: InvalidArgument unless it is a vector of
// non-negative dims whose element count fits int64, e.g. "shape must be a vector, got [2,2]" or
// "shape has negative dimension -1 at index 0".
absl::StatusOr<TensorShape> ShapeFromShapeInput(const KernelContext& c, int index);

// The distribution a float random op (RandomUniform, RandomStandardNormal, TruncatedNormal)
// draws; see random_fill.h.
enum class FloatDistribution { kUniform, kNormal, kTruncatedNormal };

// The reference kernel of the float random ops: output 0, of the shape input 0 describes and the
// node's float/double dtype, filled from the op's Philox stream (seed, seed2, step) with
// `distribution`. InvalidArgument for a bad shape input or seeds, Unimplemented for other dtypes.
absl::Status FloatRandomKernel(KernelContext& c, FloatDistribution distribution);

}  // namespace rill::random

#endif  // RILL_OPS_RANDOM_RANDOM_OP_UTIL_H_
