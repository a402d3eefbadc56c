// ExpandContext: rewriting one composite node (Softmax, Mean, SigmoidGrad, ...) into primitive
// ops through a Scope. The executor and the compiler's first pass call expand functions and then
// redirect every use of the composite's outputs to the replacements.
#ifndef RILL_OPS_EXPAND_CONTEXT_H_
#define RILL_OPS_EXPAND_CONTEXT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "graph/graph.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "ops/attr_slice.h"

namespace rill {

// Built for one composite node. The expand function builds the replacement with scope() (a
// sub-scope named after the node, in the same graph, with the node's control inputs as control
// dependencies) from input(i), and calls set_output(i, replacement) for EVERY output i, with the
// output's dtype. Builder errors land in the scope and are reported with the node's name.
class ExpandContext {
 public:
  // `node` must outlive the context.
  ExpandContext(Scope scope, const Node& node, const OpRegistration& op, std::vector<Output> inputs,
                std::vector<Output> outputs);

  // Where to build the replacement.
  const Scope& scope() const { return scope_; }
  const Node& node() const { return node_; }
  const std::string& node_name() const { return node_.name(); }
  const std::string& op() const { return node_.op(); }
  // The node's attrs, with the op's defaults for missing ones.
  const AttrSlice& attrs() const { return attrs_; }

  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  // Data input i of the composite (the producer's Output).
  const Output& input(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "ExpandContext::input out of range");
    return inputs_[i];
  }
  // The value of data input i when it is known while building (a Const, or published by a
  // shape function: ShapeContext::set_output_tensor), else null. E.g. constant reduction axes.
  const Tensor* constant_input(int i) const;
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  // The composite's own output i (for its dtype and inferred shape; do not use it as an input).
  const Output& output(int i) const {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "ExpandContext::output out of range");
    return outputs_[i];
  }

  // Output i is replaced by `replacement`.
  void set_output(int i, Output replacement) {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "ExpandContext::set_output out of range");
    replacements_[i] = std::move(replacement);
  }
  const std::vector<Output>& replacements() const { return replacements_; }

  // "node 'x' (Op)".
  std::string context() const { return absl::StrCat("node '", node_name(), "' (", op(), ")"); }
  // InvalidArgument "node 'x' (Op): <StrCat(args...)>".
  template <typename... Args>
  absl::Status InvalidArgument(const Args&... args) const {
    return absl::InvalidArgumentError(absl::StrCat(context(), ": ", args...));
  }

 private:
  Scope scope_;
  const Node& node_;
  AttrSlice attrs_;
  std::vector<Output> inputs_;
  std::vector<Output> outputs_;
  std::vector<Output> replacements_;
};

}  // namespace rill

#endif  // RILL_OPS_EXPAND_CONTEXT_H_
