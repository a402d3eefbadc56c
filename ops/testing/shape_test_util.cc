// Shape-literal parsing and one-op shape inference for op tests.
#include "ops/testing/shape_test_util.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "ops/array_ops.h"

namespace rill::testing {

absl::StatusOr<PartialShape> ParseShape(absl::string_view spec) {
  spec = absl::StripAsciiWhitespace(spec);
  if (spec == "?") return PartialShape::Unknown();
  if (spec.size() < 2 || spec.front() != '[' || spec.back() != ']') {
    return absl::InvalidArgumentError(absl::StrCat("bad shape literal '", spec, "'"));
  }
  std::vector<int64_t> dims;
  for (absl::string_view d :
       absl::StrSplit(spec.substr(1, spec.size() - 2), ',', absl::SkipWhitespace())) {
    d = absl::StripAsciiWhitespace(d);
    int64_t value;
    if (d == "?") {
      value = -1;
    } else if (!absl::SimpleAtoi(d, &value) || value < 0) {
      return absl::InvalidArgumentError(absl::StrCat("bad dim '", d, "' in '", spec, "'"));
    }
    dims.push_back(value);
  }
  return PartialShape(std::move(dims));
}

absl::StatusOr<std::vector<std::string>> InferOpShapes(
    absl::string_view op, const std::vector<ShapeInput>& inputs,
    const std::map<std::string, AttrValue>& attrs) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  for (const ShapeInput& in : inputs) {
    if (in.value.has_value()) {
      builder.Input(ops::Const(root, *in.value));
      continue;
    }
    absl::StatusOr<PartialShape> shape = ParseShape(in.shape);
    if (!shape.ok()) return shape.status();
    builder.Input(ops::Placeholder(root, in.dtype, {.shape = *shape}));
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  Operation node = builder.Build();
  if (!root.ok()) return root.status();
  std::vector<std::string> shapes;
  for (int i = 0; i < node.num_outputs(); ++i)
    shapes.push_back(node.output(i).shape().DebugString());
  return shapes;
}

}  // namespace rill::testing
