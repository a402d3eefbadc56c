// SaveV2/RestoreV2 argument checks (see io_util.h).
#include "ops/io/io_util.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

constexpr const char* kInputNames[] = {"prefix", "tensor_names", "shape_and_slices"};

}  // namespace

absl::Status CheckNamesAndSlicesShapes(const ShapeContext& c, int num_tensors) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(0), 0, "prefix").status());
  for (int i = 1; i <= 2; ++i) {
    ASSIGN_OR_RETURN(PartialShape s, shape_fns::WithRank(c.input(i), 1, kInputNames[i]));
    const int64_t n = s.dim(0);
    if (n >= 0 && n != num_tensors) {
      return absl::InvalidArgumentError(absl::StrCat(kInputNames[i], " has ", n,
                                                     " entries but there are ", num_tensors,
                                                     " tensors"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<CheckpointArgs> ReadCheckpointArgs(const KernelContext& c, int num_tensors) {
  const Tensor& prefix = c.input(0);
  if (prefix.shape().rank() != 0) {
    return c.InvalidArgument("prefix must be a scalar, got shape ", prefix.shape().DebugString());
  }
  CheckpointArgs args;
  args.prefix = prefix.data<std::string>()[0];
  if (args.prefix.empty()) return c.InvalidArgument("prefix is empty");
  for (int i = 1; i <= 2; ++i) {
    const Tensor& t = c.input(i);
    if (t.shape().rank() != 1 || t.num_elements() != num_tensors) {
      return c.InvalidArgument(kInputNames[i], " must be a vector of ", num_tensors,
                               " entries, got shape ", t.shape().DebugString());
    }
  }
  const std::string* names = c.input(1).data<std::string>();
  const std::string* slices = c.input(2).data<std::string>();
  for (int i = 0; i < num_tensors; ++i) {
    if (!slices[i].empty()) {
      return c.Unimplemented("tensor '", names[i], "': shape_and_slices '", slices[i],
                             "' (partitioned variables) is not supported; use \"\"");
    }
    args.names.push_back(names[i]);
  }
  return args;
}

}  // namespace rill
