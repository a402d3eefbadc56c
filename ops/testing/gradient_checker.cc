// CheckGradients: symbolic gradients (AddSymbolicGradients on the reference executor) against
// central differences of a random projection of the outputs, in float64.
#include "ops/testing/gradient_checker.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/gradients.h"
#include "graph/op_builder.h"
#include "graph/types.h"
#include "ops/array_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

// sum_k <w_k, y_k> for the fetched ys.
double Project(const std::vector<Tensor>& ys, const std::vector<Tensor>& weights) {
  double total = 0;
  for (size_t k = 0; k < ys.size(); ++k) {
    const std::vector<double> y = ToDoubles(ys[k]);
    const std::vector<double> w = ToDoubles(weights[k]);
    for (size_t e = 0; e < y.size(); ++e) total += w[e] * y[e];
  }
  return total;
}

}  // namespace

absl::Status CheckGradients(const GradientCheckFn& fn, const std::vector<Tensor>& inputs,
                            const GradientCheckOptions& options) {
  Scope root = Scope::NewRootScope();
  std::vector<Output> in_outputs;
  std::vector<Feed> feeds;
  std::vector<int> diff_inputs;  // indices of the inputs differentiated
  std::vector<Output> xs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string name = absl::StrCat("x_", i);
    const bool is_const = std::find(options.const_inputs.begin(), options.const_inputs.end(),
                                    static_cast<int>(i)) != options.const_inputs.end();
    if (is_const) {
      in_outputs.push_back(ops::Const(root.WithOpName(name), inputs[i]));
      continue;
    }
    auto shape_it = options.placeholder_shapes.find(static_cast<int>(i));
    const PartialShape shape = shape_it != options.placeholder_shapes.end()
                                   ? shape_it->second
                                   : inputs[i].shape().AsPartial();
    Output x = ops::Placeholder(root.WithOpName(name), inputs[i].dtype(), {.shape = shape});
    in_outputs.push_back(x);
    feeds.emplace_back(name, inputs[i]);
    if (inputs[i].dtype() == DT_DOUBLE) {
      diff_inputs.push_back(static_cast<int>(i));
      xs.push_back(x);
    }
  }
  RETURN_IF_ERROR(root.status());
  std::vector<Output> all_ys = fn(root, in_outputs);
  RETURN_IF_ERROR(root.status());
  std::vector<Output> ys;
  std::vector<std::string> y_names;
  for (const Output& y : all_ys) {
    if (y.valid() && IsFloatDtype(BaseType(y.dtype()))) {
      ys.push_back(y);
      y_names.push_back(y.name());
    }
  }
  if (ys.empty()) return absl::InvalidArgumentError("the function has no float outputs");
  if (xs.empty()) return absl::InvalidArgumentError("no double inputs to differentiate");

  // The forward values give the ys' real shapes, for the random weights.
  std::vector<Tensor> y_values;
  {
    ASSIGN_OR_RETURN(GraphDef def, root.ToGraphDef());
    ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> forward, Interpreter::Create(def));
    ASSIGN_OR_RETURN(y_values, forward->Run(feeds, y_names));
  }
  std::vector<Tensor> weights;
  std::vector<Output> grad_ys;
  for (size_t k = 0; k < ys.size(); ++k) {
    weights.push_back(
        RandomTensor(y_values[k].dtype(), y_values[k].shape(), options.seed + 1000 * k, -1.0, 1.0));
    grad_ys.push_back(ops::Const(root.WithOpName(absl::StrCat("w_", k)), weights.back()));
  }
  ASSIGN_OR_RETURN(std::vector<Output> grads, AddSymbolicGradients(root, ys, xs, grad_ys));
  std::vector<std::string> grad_names;
  for (const Output& g : grads) grad_names.push_back(g.name());
  ASSIGN_OR_RETURN(GraphDef def, root.ToGraphDef());
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> interp, Interpreter::Create(def));
  ASSIGN_OR_RETURN(std::vector<Tensor> symbolic, interp->Run(feeds, grad_names));

  double worst = 0;
  std::string worst_message;
  for (size_t k = 0; k < diff_inputs.size(); ++k) {
    const int i = diff_inputs[k];
    const Tensor& x = inputs[i];
    if (!(symbolic[k].shape() == x.shape())) {
      return absl::InvalidArgumentError(
          absl::StrCat("input ", i, ": the symbolic gradient has shape ",
                       symbolic[k].shape().DebugString(), ", the input ", x.shape().DebugString()));
    }
    const std::vector<double> sym = ToDoubles(symbolic[k]);
    for (int64_t e = 0; e < x.num_elements(); ++e) {
      const double x0 = x.data<double>()[e];
      const double h = options.delta * std::max(1.0, std::abs(x0));
      double projected[2];
      for (int side = 0; side < 2; ++side) {
        Tensor moved = x.DeepCopy();
        moved.data<double>()[e] = x0 + (side == 0 ? h : -h);
        std::vector<Feed> moved_feeds = feeds;
        for (Feed& f : moved_feeds) {
          if (f.first == absl::StrCat("x_", i)) f.second = moved;
        }
        ASSIGN_OR_RETURN(std::vector<Tensor> ys_moved, interp->Run(moved_feeds, y_names));
        projected[side] = Project(ys_moved, weights);
      }
      const double numeric = (projected[0] - projected[1]) / (2 * h);
      const double err = std::abs(sym[e] - numeric);
      const double bound =
          options.atol + options.rtol * std::max(std::abs(sym[e]), std::abs(numeric));
      if (err > bound && err - bound > worst) {
        worst = err - bound;
        worst_message = absl::StrCat("input ", i, " element ", e, ": symbolic ", sym[e],
                                     " vs numeric ", numeric, " (x = ", x0, ")");
      }
    }
  }
  if (!worst_message.empty()) return absl::InvalidArgumentError(worst_message);
  return absl::OkStatus();
}

absl::Status CheckOpGradients(absl::string_view op, const std::vector<Tensor>& inputs,
                              const OpAttrs& attrs, const GradientCheckOptions& options) {
  const std::string op_name(op);
  GradientCheckFn fn = [&](const Scope& scope, const std::vector<Output>& in) {
    OpBuilder builder(scope.WithOpName("op"), op_name);
    for (const Output& o : in) builder.Input(o);
    for (const auto& [name, value] : attrs) builder.Attr(name, value);
    if (const OpRegistration* reg = scope.registry().Find(op_name); reg != nullptr) {
      for (const auto& [name, value] : InferListAttrs(reg->def, inputs, attrs)) {
        builder.Attr(name, value);
      }
    }
    Operation node = builder.Build();
    std::vector<Output> outs;
    for (int i = 0; i < node.num_outputs(); ++i) outs.push_back(node.output(i));
    return outs;
  };
  return CheckGradients(fn, inputs, options);
}

}  // namespace rill::testing
