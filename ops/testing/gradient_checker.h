// Numeric gradient checking: the symbolic gradient from AddSymbolicGradients, run on the
// reference executor, against central differences of the forward function, in float64.
#ifndef RILL_OPS_TESTING_GRADIENT_CHECKER_H_
#define RILL_OPS_TESTING_GRADIENT_CHECKER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "ops/testing/op_runner.h"

namespace rill::testing {

struct GradientCheckOptions {
  // Central-difference step (relative to max(1, |x|)).
  double delta = 1e-6;
  // Pass when |symbolic - numeric| <= atol + rtol * max(|symbolic|, |numeric|).
  double rtol = 1e-3;
  double atol = 1e-6;
  // Placeholder shapes by input index, e.g. {{0, PartialShape({-1, 3})}} for an unknown batch
  // dim (the fed values keep their real shapes). Inputs not listed get their exact shape.
  std::map<int, PartialShape> placeholder_shapes;
  // Inputs given as Consts instead of fed Placeholders (not differentiated), e.g. axes.
  std::vector<int> const_inputs;
  // Seed of the random output weights.
  uint64_t seed = 1;
};

// Builds the function under test from one Output per input (Placeholders, or Consts for
// options.const_inputs); returns the outputs to differentiate (float/double ones are checked).
using GradientCheckFn =
    std::function<std::vector<Output>(const Scope& scope, const std::vector<Output>& inputs)>;

// Checks the gradient of L = sum_k <w_k, y_k> (random fixed weights w_k, y_k = the float outputs
// of fn) with respect to every double input that is not a const input: the symbolic gradient
// (AddSymbolicGradients with grad_ys = w_k) against central differences of L. OK, or
// InvalidArgument naming the worst element: "input 1 element 3: symbolic 0.5 vs numeric 0.25";
// build, autodiff and executor errors come back as they are.
absl::Status CheckGradients(const GradientCheckFn& fn, const std::vector<Tensor>& inputs,
                            const GradientCheckOptions& options = {});

// CheckGradients for one op node with `attrs` on `inputs` (all its outputs).
absl::Status CheckOpGradients(absl::string_view op, const std::vector<Tensor>& inputs,
                              const OpAttrs& attrs = {}, const GradientCheckOptions& options = {});

}  // namespace rill::testing

#endif  // RILL_OPS_TESTING_GRADIENT_CHECKER_H_
