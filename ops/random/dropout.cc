// ops::Dropout: TensorFlow's tf.nn.dropout (rate form) built from primitives, no op of its own:
// keep = RandomUniform(noise_shape) >= rate; y = x * (1 / (1 - rate)) * Cast(keep). The mask is
// drawn per Run (counter-based, see ops/random/random_stream.h); autodiff flows through the two
// Muls (dy/dx = mask / (1 - rate)) and never into the mask.
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "graph/scope.h"
#include "graph/types.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/random_ops.h"

namespace rill::ops {
namespace {

// A scalar Const of the float dtype `dtype`.
Output FloatScalar(const Scope& scope, DataType dtype, double value) {
  return dtype == DT_FLOAT ? Const(scope, static_cast<float>(value)) : Const(scope, value);
}

}  // namespace

Output Dropout(const Scope& scope, const Output& x, double rate, const DropoutAttrs& attrs) {
  if (!scope.ok()) return Output();
  if (!x.valid()) {
    scope.UpdateStatus(absl::InvalidArgumentError("Dropout: invalid input x"));
    return Output();
  }
  const DataType dtype = BaseType(x.dtype());
  if (dtype != DT_FLOAT && dtype != DT_DOUBLE) {
    scope.UpdateStatus(absl::InvalidArgumentError(absl::StrCat(
        "Dropout of '", x.name(), "': x must be float or double, got ", DataTypeString(dtype))));
    return Output();
  }
  if (!(rate >= 0.0 && rate < 1.0)) {  // also rejects NaN
    scope.UpdateStatus(absl::InvalidArgumentError(
        absl::StrCat("Dropout of '", x.name(), "': rate must be in [0, 1), got ", rate)));
    return Output();
  }
  // Nothing is dropped: TensorFlow returns x itself too.
  if (rate == 0.0) return x;

  const Scope s = scope.NewSubScope("dropout");
  const Output noise_shape = attrs.noise_shape.valid() ? attrs.noise_shape : Shape(s, x);
  const Output uniform = RandomUniform(s.WithOpName("random_uniform"), noise_shape, dtype,
                                       {.seed = attrs.seed, .seed2 = attrs.seed2});
  const Output keep = GreaterEqual(s, uniform, FloatScalar(s.WithOpName("rate"), dtype, rate));
  const Output scaled = Mul(s, x, FloatScalar(s.WithOpName("scale"), dtype, 1.0 / (1.0 - rate)));
  return Mul(s, scaled, Cast(s, keep, dtype));
}

}  // namespace rill::ops
