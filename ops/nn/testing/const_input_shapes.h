// Test helper for shape functions that read constant inputs (reduction axes, Conv2DBackpropInput's
// input_sizes, ...): like InferOpShapes, but each input is either a Placeholder of a given
// dtype/shape or a Const of a given value.
#ifndef RILL_OPS_NN_TESTING_CONST_INPUT_SHAPES_H_
#define RILL_OPS_NN_TESTING_CONST_INPUT_SHAPES_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "ops/array_ops.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"

namespace rill::testing {

// One input: a Placeholder (ShapeInput: dtype and shape literal such as "[2,?]") or a Const.
using ShapeOrConst = std::variant<ShapeInput, Tensor>;

// Builds the inputs and one node "op" of `op` with `attrs`, and returns its inferred output
// shapes as DebugStrings ("[2,?]", "<unknown>"), or the error the scope recorded.
inline absl::StatusOr<std::vector<std::string>> InferShapesWithConsts(
    absl::string_view op, const std::vector<ShapeOrConst>& inputs, const OpAttrs& attrs = {}) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  for (const ShapeOrConst& in : inputs) {
    if (const Tensor* value = std::get_if<Tensor>(&in)) {
      builder.Input(ops::Const(root, *value));
      continue;
    }
    const ShapeInput& placeholder = std::get<ShapeInput>(in);
    absl::StatusOr<PartialShape> shape = ParseShape(placeholder.shape);
    if (!shape.ok()) return shape.status();
    builder.Input(ops::Placeholder(root, placeholder.dtype, {.shape = *shape}));
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  Operation node = builder.Build();
  if (!root.ok()) return root.status();
  std::vector<std::string> shapes;
  for (int i = 0; i < node.num_outputs(); ++i) {
    shapes.push_back(node.output(i).shape().DebugString());
  }
  return shapes;
}

}  // namespace rill::testing

#endif  // RILL_OPS_NN_TESTING_CONST_INPUT_SHAPES_H_
