// Test helper for array-op shape functions that read constant inputs: builds one op node from a
// mix of Placeholders and Consts and reports the inferred shapes and the values its shape
// function published (set_output_tensor / set_output_shape_value).
#ifndef RILL_OPS_ARRAY_TESTING_ARRAY_TEST_UTIL_H_
#define RILL_OPS_ARRAY_TESTING_ARRAY_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/tensor.h"
#include "graph/types.pb.h"
#include "ops/testing/op_runner.h"

namespace rill::testing {

// One input of the op under test: a Placeholder of `dtype` and `shape` (ParseShape syntax) when
// `value` is invalid, else a Const holding `value`.
struct InputSpec {
  DataType dtype = DT_INVALID;
  std::string shape;
  Tensor value;
};
// A Placeholder input: Ph(DT_FLOAT, "[?,3]").
InputSpec Ph(DataType dtype, std::string shape);
// A Const input: Val(MakeTensor<int32_t>({2}, {1, 0})).
InputSpec Val(Tensor value);

// What shape inference knows about the outputs of the node under test.
struct InferredOutputs {
  // DebugString of each output shape ("[2,?]", "<unknown>").
  std::vector<std::string> shapes;
  // DebugString of each published constant value, "" where none was published.
  std::vector<std::string> values;
  // DebugString of each published shape value, "" where none was published.
  std::vector<std::string> shape_values;
};

// Builds `inputs` and one node "op" of `op` with `attrs` (single-input type attrs inferred; set
// list attrs such as N yourself) and returns what shape inference found, or the scope's error.
absl::StatusOr<InferredOutputs> InferWithValues(absl::string_view op,
                                                const std::vector<InputSpec>& inputs,
                                                const OpAttrs& attrs = {});

// Just the output shapes of InferWithValues.
absl::StatusOr<std::vector<std::string>> InferShapesWithValues(absl::string_view op,
                                                               const std::vector<InputSpec>& inputs,
                                                               const OpAttrs& attrs = {});

// Runs one node "op" of `op` on the reference executor: Placeholder inputs (possibly with
// unknown dims) are fed the next tensor of `feeds`, in order; Const inputs are constants.
// Returns every output, or the builder's / executor's error. Unlike RunOp it lets a kernel see
// values whose shapes were not known while building.
absl::StatusOr<std::vector<Tensor>> RunWithSpecs(absl::string_view op,
                                                 const std::vector<InputSpec>& inputs,
                                                 const std::vector<Tensor>& feeds,
                                                 const OpAttrs& attrs = {});

}  // namespace rill::testing

#endif  // RILL_OPS_ARRAY_TESTING_ARRAY_TEST_UTIL_H_
