// Client builders for the random ops (RandomUniform, RandomStandardNormal, TruncatedNormal,
// RandomUniformInt) and Dropout, a helper built from them. The ops are counter-based (Philox):
// how seed/seed2, the executor's graph seed and the Run counter select the numbers is described
// in ops/random/random_stream.h.
#ifndef RILL_OPS_RANDOM_OPS_H_
#define RILL_OPS_RANDOM_OPS_H_

#include <cstdint>

#include "graph/scope.h"
#include "graph/types.pb.h"

namespace rill::ops {

// The seeds of a random op (TensorFlow's attrs). Both 0 (the default): the executor's graph seed
// decides, or the numbers are nondeterministic when it has none.
struct RandomAttrs {
  int64_t seed = 0;
  int64_t seed2 = 0;
};

// Uniform values in [0, 1) of `dtype` (float or double); `shape` is a 1-D int32/int64 tensor.
Output RandomUniform(const Scope& scope, const Output& shape, DataType dtype,
                     const RandomAttrs& attrs = {});
// Standard normal values (mean 0, standard deviation 1) of `dtype` (float or double).
Output RandomStandardNormal(const Scope& scope, const Output& shape, DataType dtype,
                            const RandomAttrs& attrs = {});
// Standard normal values of `dtype` restricted to (-2, 2): values further out are redrawn.
Output TruncatedNormal(const Scope& scope, const Output& shape, DataType dtype,
                       const RandomAttrs& attrs = {});
// Uniform integers in [minval, maxval) (int32 or int64 scalars of the same dtype, which the
// output takes); minval < maxval unless the output is empty.
Output RandomUniformInt(const Scope& scope, const Output& shape, const Output& minval,
                        const Output& maxval, const RandomAttrs& attrs = {});

// Optional attrs of Dropout.
struct DropoutAttrs {
  // The shape of the keep/drop mask, broadcast against x (e.g. [batch, 1] drops whole rows);
  // invalid (the default) means Shape(x).
  Output noise_shape;
  // Seeds of the mask's RandomUniform (see RandomAttrs).
  int64_t seed = 0;
  int64_t seed2 = 0;
};

// TensorFlow's tf.nn.dropout: each element of x (float or double) is kept with probability
// 1 - rate and scaled by 1 / (1 - rate), else set to 0; a new mask is drawn every Run. Built
// from RandomUniform, GreaterEqual, Cast and Mul under the sub-scope "dropout". rate = 0
// returns x. A rate outside [0, 1) or a non-float x is an error recorded in the scope.
Output Dropout(const Scope& scope, const Output& x, double rate, const DropoutAttrs& attrs = {});

}  // namespace rill::ops

#endif  // RILL_OPS_RANDOM_OPS_H_
