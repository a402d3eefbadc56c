// SaveV2: writes tensors to a checkpoint V2 bundle (TensorFlow's SaveV2: inputs prefix: string,
// tensor_names: string, shape_and_slices: string, tensors: dtypes; attr dtypes: list(type)).
// Stateful host op backed by io::BundleWriter (temporary files, fsync, rename).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "io/bundle_writer.h"
#include "ops/io/io_util.h"
#include "ops/io_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: no outputs; prefix is a scalar, names and slices vectors of one entry per
// tensor.
absl::Status SaveV2Shape(ShapeContext& c) {
  const int num_tensors = c.num_inputs() - 3;
  return CheckNamesAndSlicesShapes(c, num_tensors);
}

// 3. Gradient: none (writes a file; no outputs).

// 4. Reference kernel: one bundle holding every tensor.
absl::Status SaveV2Kernel(KernelContext& c) {
  const int num_tensors = c.num_inputs() - 3;
  ASSIGN_OR_RETURN(CheckpointArgs args, ReadCheckpointArgs(c, num_tensors));
  absl::StatusOr<std::unique_ptr<io::BundleWriter>> writer = io::BundleWriter::Create(args.prefix);
  if (!writer.ok()) return c.AddContext(writer.status());
  for (int i = 0; i < num_tensors; ++i) {
    absl::Status added = (*writer)->Add(args.names[i], c.input(3 + i));
    if (!added.ok()) {
      return c.AddContext(absl::Status(
          added.code(), absl::StrCat("tensor '", args.names[i], "': ", added.message())));
    }
  }
  return c.AddContext((*writer)->Finish());
}

// 5. LLVM emitter: none; a host op.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("SaveV2")
    .Input("prefix: string")
    .Input("tensor_names: string")
    .Input("shape_and_slices: string")
    .Input("tensors: dtypes")
    .Attr("dtypes: list(type)")
    .SetIsStateful()
    .SetShapeFn(SaveV2Shape)
    .SetNoGradient()
    .SetReferenceKernel(SaveV2Kernel)
    .Summary("Saves tensors in checkpoint V2 format.");

namespace ops {

Operation SaveV2(const Scope& scope, const Output& prefix, const Output& tensor_names,
                 const Output& shape_and_slices, const std::vector<Output>& tensors) {
  OpBuilder builder(scope, "SaveV2");
  builder.Input(prefix).Input(tensor_names).Input(shape_and_slices);
  AttrValue dtypes;
  dtypes.mutable_list();  // an empty list is still a list
  for (const Output& t : tensors) {
    builder.Input(t);
    dtypes.mutable_list()->add_type(BaseType(t.dtype()));
  }
  return builder.Attr("dtypes", dtypes).Build();
}

}  // namespace ops
}  // namespace rill
