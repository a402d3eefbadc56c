// Test helpers for the Apply* ops: run one on freshly initialized variables, and infer its
// output shape with variables of given (partial) shapes behind its ref inputs.
#ifndef RILL_OPS_TRAINING_TESTING_APPLY_TEST_UTIL_H_
#define RILL_OPS_TRAINING_TESTING_APPLY_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/tensor.h"
#include "graph/types.pb.h"
#include "ops/testing/op_runner.h"

namespace rill::training::testing {

// What a run of an Apply* op produced.
struct ApplyRun {
  // The op's output (var's value, read right after the update) at each step.
  std::vector<Tensor> outputs;
  // The values of the ref inputs' variables after the last step, in input order.
  std::vector<Tensor> variables;
};

// Inputs [0, num_refs) become VariableV2s ("var_0", ...) initialized to their values, the others
// Consts; node "op" of `op` with `attrs` then runs `steps` times on one executor. Errors are the
// builder's or the executor's (e.g. "node 'op' (ApplyAdam): ...").
absl::StatusOr<ApplyRun> RunApplyOp(absl::string_view op, int num_refs,
                                    const std::vector<Tensor>& inputs,
                                    const rill::testing::OpAttrs& attrs = {}, int steps = 1);

// One input for InferApplyShape: dtype and shape as for ParseShape ("[2,?]", "?").
struct ShapeArg {
  DataType dtype;
  std::string shape;
};

// The inferred output shape of `op` when inputs [0, num_refs) are VariableV2s of these declared
// shapes and the others Placeholders, or the builder's error.
absl::StatusOr<std::string> InferApplyShape(absl::string_view op, int num_refs,
                                            const std::vector<ShapeArg>& inputs,
                                            const rill::testing::OpAttrs& attrs = {});

}  // namespace rill::training::testing

#endif  // RILL_OPS_TRAINING_TESTING_APPLY_TEST_UTIL_H_
