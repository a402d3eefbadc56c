// What Equal and NotEqual share: the shape function and kernel that honour the
// `incompatible_shape_error` attr (false: shapes that do not broadcast compare as unequal
// instead of failing).
#ifndef RILL_OPS_MATH_EQUALITY_H_
#define RILL_OPS_MATH_EQUALITY_H_

#include "absl/status/status.h"
#include "ops/kernel_context.h"
#include "ops/shape_context.h"

namespace rill::math {

// Output 0 is the broadcast of inputs 0 and 1. Shapes that cannot broadcast are InvalidArgument
// when incompatible_shape_error is true, else an unknown output shape (as in TensorFlow).
absl::Status EqualityShape(ShapeContext& c);

// z = (x == y), or (x != y) when `not_equal`, with broadcasting, for every dtype rill holds but
// resource. When the shapes do not broadcast and incompatible_shape_error is false, z is a
// scalar false (Equal) or true (NotEqual).
absl::Status EqualityKernel(KernelContext& c, bool not_equal);

}  // namespace rill::math

#endif  // RILL_OPS_MATH_EQUALITY_H_
