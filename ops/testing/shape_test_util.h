// Test helper for shape functions: parse "[2,?,3]" shape literals and infer one op's output shapes
// from given input dtypes/shapes and attrs, through the real Scope/ShapeRefiner path.
#ifndef RILL_OPS_TESTING_SHAPE_TEST_UTIL_H_
#define RILL_OPS_TESTING_SHAPE_TEST_UTIL_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/attr_value.pb.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"

namespace rill::testing {

// "[2,?,3]" (? = unknown dim), "[]" (scalar) or "?" (unknown rank). InvalidArgument otherwise.
absl::StatusOr<PartialShape> ParseShape(absl::string_view spec);

// One input of the op under test: a Placeholder of this dtype and shape (written as for
// ParseShape), or, when `value` is set, a Const holding it (dtype and shape are then ignored), so
// shape functions that read constant inputs (axes, shape tensors) can be table-tested.
struct ShapeInput {
  DataType dtype;
  std::string shape;
  std::optional<Tensor> value = std::nullopt;
};

// Adds Placeholders for `inputs` and one `op` node with `attrs` (type attrs inferred from the
// inputs when not given) and returns the node's inferred output shapes as DebugStrings, or the
// error the scope recorded.
absl::StatusOr<std::vector<std::string>> InferOpShapes(
    absl::string_view op, const std::vector<ShapeInput>& inputs,
    const std::map<std::string, AttrValue>& attrs = {});

}  // namespace rill::testing

#endif  // RILL_OPS_TESTING_SHAPE_TEST_UTIL_H_
