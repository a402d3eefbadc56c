// Attr plumbing of the window ops' builders and gradients: list(int) AttrValues, and a forward
// node's window attrs read back as builder arguments (so a gradient op gets exactly the forward
// op's strides, padding, dilations, ...).
#ifndef RILL_OPS_NN_NN_ATTR_UTIL_H_
#define RILL_OPS_NN_NN_ATTR_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "graph/attr_value.pb.h"
#include "ops/attr_slice.h"
#include "ops/nn_ops.h"

namespace rill::nn {

// An AttrValue holding the list(int) `values`.
AttrValue IntListAttr(const std::vector<int64_t>& values);

// The builder arguments of a Conv2D-family node.
struct ConvArgs {
  std::vector<int64_t> strides;
  std::string padding;
  ops::Conv2DAttrs attrs;
};
// Reads strides, padding, dilations, explicit_paddings, data_format and use_cudnn_on_gpu.
absl::StatusOr<ConvArgs> GetConvArgs(const AttrSlice& attrs);

// The builder arguments of a pooling node (explicit_paddings only where the op declares it).
struct PoolArgs {
  std::vector<int64_t> ksize;
  std::vector<int64_t> strides;
  std::string padding;
  std::vector<int64_t> explicit_paddings;
  std::string data_format;
};
absl::StatusOr<PoolArgs> GetPoolArgs(const AttrSlice& attrs);

}  // namespace rill::nn

#endif  // RILL_OPS_NN_NN_ATTR_UTIL_H_
