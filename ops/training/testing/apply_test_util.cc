// Apply* test helpers (see apply_test_util.h).
#include "ops/training/testing/apply_test_util.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "ops/array_ops.h"
#include "ops/state_ops.h"
#include "ops/testing/shape_test_util.h"

namespace rill::training::testing {

absl::StatusOr<ApplyRun> RunApplyOp(absl::string_view op, int num_refs,
                                    const std::vector<Tensor>& inputs,
                                    const rill::testing::OpAttrs& attrs, int steps) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  std::vector<std::string> inits;
  std::vector<std::string> vars;
  for (int i = 0; i < static_cast<int>(inputs.size()); ++i) {
    if (i < num_refs) {
      const std::string name = absl::StrCat("var_", i);
      Output v =
          ops::VariableV2(root.WithOpName(name), inputs[i].shape().AsPartial(), inputs[i].dtype());
      ops::Assign(root.WithOpName(name + "/init"), v, ops::Const(root, inputs[i]));
      inits.push_back(name + "/init");
      vars.push_back(name);
      builder.Input(v);
    } else {
      builder.Input(ops::Const(root.WithOpName(absl::StrCat("in_", i)), inputs[i]));
    }
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  builder.Build();
  RETURN_IF_ERROR(root.status());
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(*root.graph()));
  RETURN_IF_ERROR(interpreter->Run({}, {}, inits).status());
  ApplyRun run;
  for (int step = 0; step < steps; ++step) {
    ASSIGN_OR_RETURN(std::vector<Tensor> out, interpreter->Run({}, {"op"}));
    run.outputs.push_back(std::move(out[0]));
  }
  ASSIGN_OR_RETURN(run.variables, interpreter->Run({}, vars));
  return run;
}

absl::StatusOr<std::string> InferApplyShape(absl::string_view op, int num_refs,
                                            const std::vector<ShapeArg>& inputs,
                                            const rill::testing::OpAttrs& attrs) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  for (int i = 0; i < static_cast<int>(inputs.size()); ++i) {
    ASSIGN_OR_RETURN(PartialShape shape, rill::testing::ParseShape(inputs[i].shape));
    builder.Input(i < num_refs ? ops::VariableV2(root, shape, inputs[i].dtype)
                               : ops::Placeholder(root, inputs[i].dtype, {.shape = shape}));
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  Operation node = builder.Build();
  RETURN_IF_ERROR(root.status());
  return node.output(0).shape().DebugString();
}

}  // namespace rill::training::testing
