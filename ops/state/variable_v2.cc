// VariableV2: a TF 1.x reference variable; its ref output is the variable that readers read and
// Assign* ops update (TensorFlow's VariableV2: output ref; attrs shape, dtype, container,
// shared_name). The value lives in the executor's VariableStore across Run calls.
#include <string>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/state_ops.h"
#include "ops/variable.h"

namespace rill {
namespace {

// The output has the declared shape.
absl::Status VariableV2Shape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape shape, c.attrs().GetShape("shape"));
  c.set_output(0, std::move(shape));
  return absl::OkStatus();
}

// A variable is a source: gradients end here (they are taken with respect to it), so it needs
// no gradient function (SetNoGradient below).

// Finds (or creates, uninitialized) the variable "<container>/<shared_name or node name>".
absl::Status VariableV2Kernel(KernelContext& c) {
  ASSIGN_OR_RETURN(PartialShape shape, c.attrs().GetShape("shape"));
  ASSIGN_OR_RETURN(DataType dtype, c.attrs().GetType("dtype"));
  ASSIGN_OR_RETURN(std::string container, c.attrs().GetString("container"));
  ASSIGN_OR_RETURN(std::string shared_name, c.attrs().GetString("shared_name"));
  ASSIGN_OR_RETURN(VariableStore * store, c.variables());
  ASSIGN_OR_RETURN(
      Variable * var,
      store->LookupOrCreate(VariableKey(container, shared_name, c.node_name()), dtype, shape));
  c.set_ref_output(0, var);
  return absl::OkStatus();
}

// No emitter: variables are host state that the compiled code receives as buffers.

}  // namespace

RILL_REGISTER_OP("VariableV2")
    .Output("ref: Ref(dtype)")
    .Attr("shape: shape")
    .Attr("dtype: type")
    .Attr("container: string = ''")
    .Attr("shared_name: string = ''")
    .SetIsStateful()
    .SetShapeFn(VariableV2Shape)
    .SetNoGradient()
    .SetReferenceKernel(VariableV2Kernel)
    .Summary("A mutable tensor that keeps its value across runs.");

namespace ops {

Output VariableV2(const Scope& scope, const PartialShape& shape, DataType dtype,
                  const VariableV2Attrs& attrs) {
  return OpBuilder(scope, "VariableV2")
      .Attr("shape", shape)
      .Attr("dtype", dtype)
      .Attr("container", attrs.container)
      .Attr("shared_name", attrs.shared_name)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
