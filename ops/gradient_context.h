// GradientContext: what a gradient function sees of one forward node (attrs, inputs and outputs
// as Outputs, the incoming gradients dy) and where it puts the gradients dx of its inputs. Like
// TensorFlow's C++ gradient functions, it builds the backward subgraph through a Scope.
#ifndef RILL_OPS_GRADIENT_CONTEXT_H_
#define RILL_OPS_GRADIENT_CONTEXT_H_

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

// Built by AddSymbolicGradients (graph/gradients.h) for one forward node whose gradient is
// needed. The gradient function builds ops with scope() (a sub-scope "gradients/<node>/..." of the
// caller's scope) and calls set_input_grad for each data input that gets a gradient; inputs left
// unset get none ("no gradient flows to this input"; integer inputs such as shapes and axes).
// Builder errors land in the scope (first error wins) and are reported by AddSymbolicGradients
// with the node's name, so gradient functions need not check each builder call.
class GradientContext {
 public:
  // `grads[i]` is dy for output i (invalid when none reaches it). `node` must outlive the context.
  GradientContext(Scope scope, const Node& node, const OpRegistration& op,
                  std::vector<Output> inputs, std::vector<Output> outputs,
                  std::vector<Output> grads);

  // Where to build the backward ops.
  const Scope& scope() const { return scope_; }
  // The forward node.
  const Node& node() const { return node_; }
  const std::string& node_name() const { return node_.name(); }
  const std::string& op() const { return node_.op(); }
  // The forward node's attrs, with the op's defaults for missing ones.
  const AttrSlice& attrs() const { return attrs_; }

  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  // The forward node's data input i (the producer's Output, with dtype and shape).
  const Output& input(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "GradientContext::input out of range");
    return inputs_[i];
  }
  // The value of data input i when it is known while building (a Const, or published by a
  // shape function: ShapeContext::set_output_tensor), else null. E.g. constant reduction axes.
  const Tensor* constant_input(int i) const;
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  // The forward node's output i (e.g. Relu's activations for ReluGrad).
  const Output& output(int i) const {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "GradientContext::output out of range");
    return outputs_[i];
  }

  // dy for output i: the summed gradient of everything downstream; invalid when none flows to
  // output i (only possible for ops with several outputs: at least one output has a gradient).
  const Output& grad(int i) const {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "GradientContext::grad out of range");
    return grads_[i];
  }
  bool has_grad(int i) const { return grad(i).valid(); }
  // grad(i), or ZerosLike(output(i)) built now when none flows to output i.
  Output GradOrZeros(int i);

  // Sets dx for data input i. An invalid Output means "none" (the same as not calling this).
  void set_input_grad(int i, Output dx) {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "GradientContext::set_input_grad out of range");
    input_grads_[i] = std::move(dx);
  }
  // dx per data input as set so far (invalid = none).
  const std::vector<Output>& input_grads() const { return input_grads_; }

  // "node 'x' (Op)".
  std::string context() const { return absl::StrCat("node '", node_name(), "' (", op(), ")"); }
  // InvalidArgument "gradient of node 'x' (Op): <StrCat(args...)>".
  template <typename... Args>
  absl::Status InvalidArgument(const Args&... args) const {
    return absl::InvalidArgumentError(absl::StrCat("gradient of ", context(), ": ", args...));
  }

 private:
  Scope scope_;
  const Node& node_;
  AttrSlice attrs_;
  std::vector<Output> inputs_;
  std::vector<Output> outputs_;
  std::vector<Output> grads_;
  std::vector<Output> input_grads_;
};

}  // namespace rill

#endif  // RILL_OPS_GRADIENT_CONTEXT_H_
