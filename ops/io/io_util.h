// Argument checks shared by SaveV2 and RestoreV2: the prefix scalar and the tensor_names /
// shape_and_slices vectors (shapes at graph build time, values at run time).
#ifndef RILL_OPS_IO_IO_UTIL_H_
#define RILL_OPS_IO_IO_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ops/kernel_context.h"
#include "ops/shape_context.h"

namespace rill {

// Inputs 0..2 of SaveV2/RestoreV2 as values.
struct CheckpointArgs {
  std::string prefix;
  std::vector<std::string> names;
};

// Shape check: input 0 (prefix) is a scalar, inputs 1 and 2 (tensor_names, shape_and_slices)
// are vectors of `num_tensors` entries where known. InvalidArgument naming the input.
absl::Status CheckNamesAndSlicesShapes(const ShapeContext& c, int num_tensors);

// Run-time check and read of inputs 0..2: a non-empty prefix, `num_tensors` names, and
// `num_tensors` shape_and_slices that are all "" (slices of partitioned variables are
// Unimplemented). Errors name the node.
absl::StatusOr<CheckpointArgs> ReadCheckpointArgs(const KernelContext& c, int num_tensors);

}  // namespace rill

#endif  // RILL_OPS_IO_IO_UTIL_H_
