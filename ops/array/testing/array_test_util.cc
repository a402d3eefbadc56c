// InferWithValues: one-op graphs with constant inputs, through the real Scope/ShapeRefiner path.
#include "ops/array/testing/array_test_util.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "ops/array_ops.h"
#include "ops/testing/shape_test_util.h"

namespace rill::testing {

InputSpec Ph(DataType dtype, std::string shape) {
  InputSpec spec;
  spec.dtype = dtype;
  spec.shape = std::move(shape);
  return spec;
}

InputSpec Val(Tensor value) {
  InputSpec spec;
  spec.dtype = value.dtype();
  spec.value = std::move(value);
  return spec;
}

absl::StatusOr<InferredOutputs> InferWithValues(absl::string_view op,
                                                const std::vector<InputSpec>& inputs,
                                                const OpAttrs& attrs) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  for (const InputSpec& in : inputs) {
    if (in.value.valid()) {
      builder.Input(ops::Const(root, in.value));
      continue;
    }
    absl::StatusOr<PartialShape> shape = ParseShape(in.shape);
    if (!shape.ok()) return shape.status();
    builder.Input(ops::Placeholder(root, in.dtype, {.shape = *shape}));
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  Operation node = builder.Build();
  if (!root.ok()) return root.status();
  const NodeOutputs* known = root.refiner().outputs(*node.node());
  InferredOutputs result;
  for (int i = 0; i < node.num_outputs(); ++i) {
    result.shapes.push_back(node.output(i).shape().DebugString());
    const Tensor& t = known->tensors[i];
    result.values.push_back(t.valid() ? t.DebugString(100) : "");
    const auto& sv = known->shape_values[i];
    result.shape_values.push_back(sv.has_value() ? sv->DebugString() : "");
  }
  return result;
}

absl::StatusOr<std::vector<std::string>> InferShapesWithValues(absl::string_view op,
                                                               const std::vector<InputSpec>& inputs,
                                                               const OpAttrs& attrs) {
  absl::StatusOr<InferredOutputs> inferred = InferWithValues(op, inputs, attrs);
  if (!inferred.ok()) return inferred.status();
  return std::move(inferred->shapes);
}

absl::StatusOr<std::vector<Tensor>> RunWithSpecs(absl::string_view op,
                                                 const std::vector<InputSpec>& inputs,
                                                 const std::vector<Tensor>& feeds,
                                                 const OpAttrs& attrs) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  std::vector<Feed> feed_list;
  for (const InputSpec& in : inputs) {
    if (in.value.valid()) {
      builder.Input(ops::Const(root, in.value));
      continue;
    }
    absl::StatusOr<PartialShape> shape = ParseShape(in.shape);
    if (!shape.ok()) return shape.status();
    const std::string name = absl::StrCat("input_", feed_list.size());
    builder.Input(ops::Placeholder(root.WithOpName(name), in.dtype, {.shape = *shape}));
    if (feed_list.size() >= feeds.size()) {
      return absl::InvalidArgumentError("RunWithSpecs: more placeholders than feeds");
    }
    feed_list.emplace_back(name, feeds[feed_list.size()]);
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  Operation node = builder.Build();
  if (!root.ok()) return root.status();
  absl::StatusOr<GraphDef> graph = root.ToGraphDef();
  if (!graph.ok()) return graph.status();
  absl::StatusOr<std::unique_ptr<Interpreter>> interpreter = Interpreter::Create(*graph);
  if (!interpreter.ok()) return interpreter.status();
  std::vector<std::string> fetches;
  for (int i = 0; i < node.num_outputs(); ++i) fetches.push_back(absl::StrCat("op:", i));
  return (*interpreter)->Run(feed_list, fetches);
}

}  // namespace rill::testing
