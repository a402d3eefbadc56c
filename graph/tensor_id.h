// Tensor names as written in GraphDef inputs and fetch lists: "node", "node:port" and "^node".
#ifndef RILL_GRAPH_TENSOR_ID_H_
#define RILL_GRAPH_TENSOR_ID_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rill {

// The port number that marks a control edge ("^node").
inline constexpr int kControlSlot = -1;

// A parsed tensor name: the producing node and its output port (kControlSlot for "^node").
struct TensorId {
  std::string node;
  int index = 0;

  bool IsControl() const { return index == kControlSlot; }
  // The canonical spelling: "node" for port 0, "node:3", or "^node".
  std::string ToString() const;
  bool operator==(const TensorId& other) const = default;
};

// Parses "node", "node:port" or "^node". InvalidArgument for an empty node name, a port that is
// not a non-negative decimal number (or too large), or a control name with a port ("^a:1").
absl::StatusOr<TensorId> ParseTensorName(absl::string_view name);

// Checks a node name against TensorFlow's rule [A-Za-z0-9.][A-Za-z0-9_.\-/>]* (which keeps ':' and
// '^' free for tensor names). InvalidArgument saying what is wrong.
absl::Status ValidateNodeName(absl::string_view name);

}  // namespace rill

#endif  // RILL_GRAPH_TENSOR_ID_H_
