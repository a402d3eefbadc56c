// Attr plumbing of the window ops' builders and gradients: list(int) AttrValues, and a forward
// node's window attrs read back as builder arguments (so a gradient op gets exactly the forward
// op's strides, padding, dilations, ...), and the one builder of the Conv2D-family nodes.
#ifndef RILL_OPS_NN_NN_ATTR_UTIL_H_
#define RILL_OPS_NN_NN_ATTR_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/attr_value.pb.h"
#include "graph/scope.h"
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

// Builds one `op` node (Conv2D, Conv2DBackpropInput or Conv2DBackpropFilter: they take the same
// attrs) with `inputs` in order and the conv attrs, and returns its output; errors go to `scope`.
Output BuildConvOp(const Scope& scope, absl::string_view op, const std::vector<Output>& inputs,
                   const std::vector<int64_t>& strides, absl::string_view padding,
                   const ops::Conv2DAttrs& attrs);

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
