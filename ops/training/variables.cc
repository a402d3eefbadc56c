// CreateVariable, TrainableVariables and GlobalVariablesInitializer (see variables.h).
#include "ops/training/variables.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/state_ops.h"

namespace rill::train {

// Scope has no accessor for its root, so full names are made relative to the prefix instead.
std::string NameRelativeTo(const Scope& scope, const std::string& full_name) {
  const std::string& prefix = scope.name_prefix();
  return full_name.substr(full_name.compare(0, prefix.size(), prefix) == 0 ? prefix.size() : 0);
}

GraphVariable CreateVariable(const Scope& scope, const PartialShape& shape, DataType dtype,
                             const std::function<Output(const std::string&)>& make_initial_value,
                             const VariableOptions& options) {
  if (!scope.ok()) return {};
  if (!shape.IsFullyDefined()) {
    scope.UpdateStatus(absl::InvalidArgumentError(absl::StrCat(
        "CreateVariable: a variable needs a fully defined shape, got ", shape.DebugString())));
    return {};
  }
  GraphVariable v;
  v.ref = ops::VariableV2(scope, shape, dtype);
  if (!v.ref.valid()) return {};
  const std::string& name = v.ref.node()->name();
  const Output initial_value = make_initial_value(name);
  if (!scope.ok()) return {};
  if (!initial_value.valid()) {
    scope.UpdateStatus(absl::InvalidArgumentError(
        absl::StrCat("CreateVariable '", name, "': invalid initial value")));
    return {};
  }
  v.initializer = ops::Assign(
      scope.WithOpName(NameRelativeTo(scope, absl::StrCat(name, "/Assign"))), v.ref, initial_value);
  if (!v.initializer.valid()) return {};
  Graph* graph = scope.graph();
  graph->AddToCollection(collection_keys::kVariables, v.ref.node());
  if (options.trainable) {
    graph->AddToCollection(collection_keys::kTrainableVariables, v.ref.node());
  }
  graph->AddToCollection(kVariableInitializers, v.initializer.node());
  return v;
}

GraphVariable CreateVariable(const Scope& scope, const Output& initial_value,
                             const VariableOptions& options) {
  if (!scope.ok()) return {};
  if (!initial_value.valid()) {
    scope.UpdateStatus(absl::InvalidArgumentError("CreateVariable: invalid initial value"));
    return {};
  }
  return CreateVariable(
      scope, initial_value.shape(), BaseType(initial_value.dtype()),
      [&](const std::string&) { return initial_value; }, options);
}

absl::StatusOr<GraphVariable> GetOrCreateGlobalStep(const Scope& scope) {
  RETURN_IF_ERROR(scope.status());
  Graph* graph = scope.graph();
  for (Node* node : graph->GetCollection(kGlobalStep)) {
    GraphVariable existing;
    ASSIGN_OR_RETURN(auto dtype_and_shape, scope.refiner().output(*node, 0));
    existing.ref = Output(node, 0, dtype_and_shape.first, std::move(dtype_and_shape.second));
    // Its initializer is the Assign whose ref input it is.
    for (Node* init : graph->GetCollection(kVariableInitializers)) {
      if (init->num_data_inputs() > 0 && init->data_inputs()[0]->src == node) {
        existing.initializer = Output(init, 0, existing.ref.dtype(), existing.ref.shape());
      }
    }
    return existing;
  }
  GraphVariable step = CreateVariable(
      scope.WithOpName("global_step"), PartialShape::Scalar(), DT_INT64,
      [&](const std::string& name) {
        return ops::Const(scope.WithOpName(NameRelativeTo(scope, name + "/Initializer/zeros")),
                          int64_t{0});
      },
      {.trainable = false});
  RETURN_IF_ERROR(scope.status());
  graph->AddToCollection(kGlobalStep, step.ref.node());
  return step;
}

absl::StatusOr<std::vector<Output>> TrainableVariables(const Scope& scope) {
  RETURN_IF_ERROR(scope.status());
  std::vector<Output> vars;
  for (Node* node : scope.graph()->GetCollection(collection_keys::kTrainableVariables)) {
    ASSIGN_OR_RETURN(auto dtype_and_shape, scope.refiner().output(*node, 0));
    vars.emplace_back(node, 0, dtype_and_shape.first, std::move(dtype_and_shape.second));
  }
  return vars;
}

Operation GlobalVariablesInitializer(const Scope& scope) {
  std::vector<Operation> inits;
  for (Node* node : scope.graph()->GetCollection(kVariableInitializers)) {
    inits.emplace_back(node, std::vector<Output>{});
  }
  return ops::NoOp(scope.WithControlDependencies(inits));
}

}  // namespace rill::train
