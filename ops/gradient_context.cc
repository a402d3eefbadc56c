// GradientContext construction and zeros for outputs without a gradient.
#include "ops/gradient_context.h"

#include <utility>

#include "ops/array_ops.h"

namespace rill {

GradientContext::GradientContext(Scope scope, const Node& node, const OpRegistration& op,
                                 std::vector<Output> inputs, std::vector<Output> outputs,
                                 std::vector<Output> grads)
    : scope_(std::move(scope)),
      node_(node),
      attrs_(node.attrs(), &op.def),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      grads_(std::move(grads)),
      input_grads_(inputs_.size()) {
  RILL_CHECK(grads_.size() == outputs_.size(), "one gradient slot per output");
}

Output GradientContext::GradOrZeros(int i) {
  if (has_grad(i)) return grad(i);
  return ops::ZerosLike(scope_, output(i));
}

const Tensor* GradientContext::constant_input(int i) const {
  const NodeOutputs* produced = scope_.refiner().outputs(*input(i).node());
  if (produced == nullptr) return nullptr;
  const Tensor& value = produced->tensors[input(i).index()];
  return value.valid() ? &value : nullptr;
}

}  // namespace rill
