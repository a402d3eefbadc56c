// RestoreV2: reads tensors from a checkpoint V2 bundle (TensorFlow's RestoreV2: inputs prefix:
// string, tensor_names: string, shape_and_slices: string; output tensors: dtypes; attr dtypes:
// list(type)). Stateful host op backed by io::BundleReader (every read CRC-checked).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "graph/types.h"
#include "io/bundle_reader.h"
#include "ops/io/io_util.h"
#include "ops/io_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: one output per name, of unknown shape (it is in the file); the inputs
// must agree with the dtypes list's length.
absl::Status RestoreV2Shape(ShapeContext& c) {
  RETURN_IF_ERROR(CheckNamesAndSlicesShapes(c, c.num_outputs()));
  for (int i = 0; i < c.num_outputs(); ++i) c.set_output(i, PartialShape::Unknown());
  return absl::OkStatus();
}

// 3. Gradient: none (reads a file).

// 4. Reference kernel: looks every name up; a missing name or a dtype other than the declared
// one is an error naming the tensor (TensorFlow's wording for the dtype case).
absl::Status RestoreV2Kernel(KernelContext& c) {
  const int num_tensors = c.num_outputs();
  ASSIGN_OR_RETURN(CheckpointArgs args, ReadCheckpointArgs(c, num_tensors));
  absl::StatusOr<std::unique_ptr<io::BundleReader>> reader = io::BundleReader::Open(args.prefix);
  if (!reader.ok()) return c.AddContext(reader.status());
  for (int i = 0; i < num_tensors; ++i) {
    const std::string& name = args.names[i];
    absl::StatusOr<Tensor> value = (*reader)->Lookup(name);
    if (!value.ok()) {
      return c.AddContext(absl::Status(
          value.status().code(),
          absl::StrCat("tensor '", name, "' in checkpoint '", args.prefix,
                       "': ", value.status().message())));
    }
    if (value->dtype() != c.output_dtype(i)) {
      return c.InvalidArgument("tensor_name = ", name, "; expected dtype ",
                               DataTypeString(c.output_dtype(i)), " does not equal original dtype ",
                               DataTypeString(value->dtype()));
    }
    c.set_output(i, *std::move(value));
  }
  return absl::OkStatus();
}

// 5. LLVM emitter: none; a host op.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("RestoreV2")
    .Input("prefix: string")
    .Input("tensor_names: string")
    .Input("shape_and_slices: string")
    .Output("tensors: dtypes")
    .Attr("dtypes: list(type)")
    .SetIsStateful()
    .SetShapeFn(RestoreV2Shape)
    .SetNoGradient()
    .SetReferenceKernel(RestoreV2Kernel)
    .Summary("Restores tensors from a checkpoint V2 bundle.");

namespace ops {

std::vector<Output> RestoreV2(const Scope& scope, const Output& prefix, const Output& tensor_names,
                              const Output& shape_and_slices, const std::vector<DataType>& dtypes) {
  AttrValue types;
  types.mutable_list();
  for (DataType t : dtypes) types.mutable_list()->add_type(t);
  Operation op = OpBuilder(scope, "RestoreV2")
                     .Input(prefix)
                     .Input(tensor_names)
                     .Input(shape_and_slices)
                     .Attr("dtypes", types)
                     .Build();
  std::vector<Output> outputs;
  if (!op.valid()) return outputs;
  for (int i = 0; i < op.num_outputs(); ++i) outputs.push_back(op.output(i));
  return outputs;
}

}  // namespace ops
}  // namespace rill
