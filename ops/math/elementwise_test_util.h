// Test helpers shared by the element-wise math op tests: the standard shape tables of unary and
// broadcasting binary ops, dtype rejection, numeric gradient checks on random f64 shapes
// (broadcasting and an unknown batch dimension included), and running an op on inputs of unknown
// static shape. Each op's test adds its own rows.
#ifndef RILL_OPS_MATH_ELEMENTWISE_TEST_UTIL_H_
#define RILL_OPS_MATH_ELEMENTWISE_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/tensor.h"
#include "graph/types.pb.h"
#include "ops/testing/op_runner.h"

namespace rill::testing {

// Runs one node "op" of `op` on the reference executor like RunOp, but its inputs are
// Placeholders of unknown shape, so the shape function cannot catch bad shapes while building
// and the kernel's own checks are what answer (e.g. shapes that do not broadcast).
absl::StatusOr<std::vector<Tensor>> RunOpWithUnknownShapes(absl::string_view op,
                                                           const std::vector<Tensor>& inputs,
                                                           const OpAttrs& attrs = {});

// Expects the unary shape table: [2,3] -> [2,3], [?,3] -> [?,3], [] -> [], [0,2] -> [0,2] and
// unknown rank -> unknown rank, for one input of `dtype` (and `attrs`).
void ExpectUnaryShapes(absl::string_view op, DataType dtype, const OpAttrs& attrs = {});

// Expects the NumPy broadcasting table for inputs 0 and 1 of `dtype` (equal shapes, either side
// broadcast, scalars, unknown dims, unknown rank, empty dims) and the error
// "node 'op' (<op>): incompatible shapes for broadcasting: [2,3] vs [2]".
void ExpectBinaryBroadcastShapes(absl::string_view op, DataType dtype, const OpAttrs& attrs = {});

// Expects the shape function run to fail because attr `attr` does not allow `dtype`, with
// `num_inputs` inputs of that dtype and shape [2].
void ExpectRejectsDtype(absl::string_view op, int num_inputs, DataType dtype,
                        absl::string_view attr = "T");

// Where gradient checks draw an input's values: uniform in [lo, hi), redrawn while |v| < min_abs.
struct ValueRange {
  double lo = -1.0;
  double hi = 1.0;
  double min_abs = 0.0;
};

// Checks a unary op's gradient in f64 against central differences on scalars and random shapes
// of rank 1-3, and once with an unknown batch dimension ([?,3] fed [4,3]).
void ExpectUnaryGradients(absl::string_view op, const ValueRange& x, const OpAttrs& attrs = {},
                          uint64_t seed = 1);

// Checks a broadcasting binary op's gradient in f64 on equal shapes, either side broadcast,
// a scalar side, both sides broadcast, random broadcastable pairs, and once with an unknown batch
// dimension on x ([?,3] fed [4,3], y [3]).
void ExpectBinaryGradients(absl::string_view op, const ValueRange& x, const ValueRange& y,
                           const OpAttrs& attrs = {}, uint64_t seed = 1);

}  // namespace rill::testing

#endif  // RILL_OPS_MATH_ELEMENTWISE_TEST_UTIL_H_
