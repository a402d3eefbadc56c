// Parsing and printing of tensor names ("node", "node:port", "^node") and node-name checks.
#include "graph/tensor_id.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace rill {
namespace {

// The largest port we accept; real ops have a handful of outputs, this only guards int overflow.
constexpr int64_t kMaxPort = 1 << 20;

bool IsNameStartChar(char c) { return absl::ascii_isalnum(c) || c == '.'; }
bool IsNameChar(char c) {
  return absl::ascii_isalnum(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == '>';
}

}  // namespace

std::string TensorId::ToString() const {
  if (index == kControlSlot) return absl::StrCat("^", node);
  if (index == 0) return node;
  return absl::StrCat(node, ":", index);
}

absl::StatusOr<TensorId> ParseTensorName(absl::string_view name) {
  TensorId id;
  absl::string_view rest = name;
  const bool control = !rest.empty() && rest[0] == '^';
  if (control) rest.remove_prefix(1);
  const size_t colon = rest.rfind(':');
  if (colon == absl::string_view::npos) {
    id.node = std::string(rest);
    id.index = control ? kControlSlot : 0;
  } else {
    if (control) {
      return absl::InvalidArgumentError(
          absl::StrCat("tensor name '", name, "': a control input ('^') cannot have a port"));
    }
    absl::string_view port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 7) {
      return absl::InvalidArgumentError(
          absl::StrCat("tensor name '", name, "': port must be a decimal number after ':'"));
    }
    int64_t value = 0;
    for (char c : port) {
      if (!absl::ascii_isdigit(c)) {
        return absl::InvalidArgumentError(absl::StrCat("tensor name '", name, "': port '", port,
                                                       "' is not a non-negative decimal number"));
      }
      value = value * 10 + (c - '0');
    }
    if (value > kMaxPort) {
      return absl::InvalidArgumentError(
          absl::StrCat("tensor name '", name, "': port ", value, " is too large"));
    }
    id.node = std::string(rest.substr(0, colon));
    id.index = static_cast<int>(value);
  }
  if (id.node.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("tensor name '", name, "' has an empty node name"));
  }
  return id;
}

absl::Status ValidateNodeName(absl::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("node name is empty");
  if (!IsNameStartChar(name[0])) {
    return absl::InvalidArgumentError(absl::StrCat(
        "node name '", name, "' must start with a letter, digit or '.' (TensorFlow's rule)"));
  }
  for (char c : name) {
    if (!IsNameChar(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("node name '", absl::CHexEscape(name), "' contains '",
                       absl::CHexEscape(std::string(1, c)),
                       "'; allowed are letters, digits and _ . - / > (TensorFlow's rule)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace rill
