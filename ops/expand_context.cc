// ExpandContext construction.
#include "ops/expand_context.h"

#include <utility>

namespace rill {

ExpandContext::ExpandContext(Scope scope, const Node& node, const OpRegistration& op,
                             std::vector<Output> inputs, std::vector<Output> outputs)
    : scope_(std::move(scope)),
      node_(node),
      attrs_(node.attrs(), &op.def),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      replacements_(outputs_.size()) {}

const Tensor* ExpandContext::constant_input(int i) const {
  const NodeOutputs* produced = scope_.refiner().outputs(*input(i).node());
  if (produced == nullptr) return nullptr;
  const Tensor& value = produced->tensors[input(i).index()];
  return value.valid() ? &value : nullptr;
}

}  // namespace rill
