// TensorFlow 1.x optimizers as graph builders (tf.train.GradientDescentOptimizer,
// MomentumOptimizer, AdamOptimizer): Minimize(loss) = AddSymbolicGradients + one Apply* op per
// variable + TensorFlow's finishing updates + a global_step increment, with TensorFlow's names:
//   slots "<var>/Momentum", "<var>/Adam" (m) and "<var>/Adam_1" (v), Adam's "beta1_power" and
//   "beta2_power" variables, updates "<Name>/update_<var>/Apply<Op>", and the train op "<Name>"
//   (the AssignAdd of the global step, or a NoOp grouping the updates when there is none).
// All names are relative to the scope given to Minimize/ApplyGradients; slots are named after
// their variable, so with a prefixed scope they are "<prefix>/<var>/Adam" unless the variable
// is inside the prefix (Scope cannot name nodes outside its prefix; TensorFlow's slots ignore
// name scopes). Slot and non-slot variables are created with initializers (see variables.h), so
// GlobalVariablesInitializer built after Minimize initializes them.
#ifndef RILL_OPS_TRAINING_OPTIMIZER_H_
#define RILL_OPS_TRAINING_OPTIMIZER_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/graph.h"
#include "graph/scope.h"
#include "graph/types.pb.h"

namespace rill::train {

// A gradient and the variable (a VariableV2 ref Output) it updates.
struct GradAndVar {
  Output grad;
  Output var;
};

// Options of Minimize.
struct MinimizeOptions {
  // An integer scalar variable incremented by one after all updates (e.g. from
  // GetOrCreateGlobalStep); invalid means none.
  Output global_step;
  // The variables to update; empty means the trainable_variables collection.
  std::vector<Output> var_list;
};

// The base of the optimizers (TensorFlow's tf.train.Optimizer). Not thread-safe; one optimizer
// object may build updates in several graphs (its slots are per graph).
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // "GradientDescent", "Momentum" or "Adam": the op-name prefix and the slots' name suffix.
  const std::string& name() const { return name_; }

  // d(loss)/d(var) for each variable of var_list (empty: the trainable_variables collection),
  // built with AddSymbolicGradients under "gradients/". Variables the loss does not depend on
  // are left out; InvalidArgument when that leaves none ("no gradients provided for any
  // variable"), when there are no variables, or when loss is not a float tensor.
  absl::StatusOr<std::vector<GradAndVar>> ComputeGradients(
      const Scope& scope, const Output& loss, const std::vector<Output>& var_list = {}) const;

  // Builds one update op per pair (creating the slots it needs first), the optimizer's
  // finishing updates, and the train op named name(): an AssignAdd(global_step, 1) that runs
  // after everything when global_step is valid, else a NoOp grouping the updates.
  // InvalidArgument for a var that is not a variable (ref) or a grad of another dtype/shape.
  absl::StatusOr<Operation> ApplyGradients(const Scope& scope,
                                           const std::vector<GradAndVar>& grads_and_vars,
                                           const Output& global_step = Output());

  // ComputeGradients then ApplyGradients: one Run of the returned op is one training step.
  absl::StatusOr<Operation> Minimize(const Scope& scope, const Output& loss,
                                     const MinimizeOptions& options = {});

  // The slot `slot` ("momentum", "m", "v") of `var` made in var's graph, or an invalid Output.
  Output GetSlot(const Output& var, const std::string& slot) const;

 protected:
  Optimizer(std::string name, bool use_locking)
      : name_(std::move(name)), use_locking_(use_locking) {}

  // Creates the slots and other variables the updates of `vars` need (TF's _create_slots).
  virtual absl::Status CreateSlots(const Scope& scope, const std::vector<Output>& vars);
  // The update op of one variable (TF's _apply_dense), named `name_prefix` + "Apply<Op>"
  // (relative to `scope`; the prefix is "<name()>/update_<var>/").
  virtual Output ApplyDense(const Scope& scope, const std::string& name_prefix, const Output& grad,
                            const Output& var) = 0;
  // Groups the updates into an op named `op_name` (relative to `scope`), after any finishing
  // updates (TF's _finish: Adam's beta powers).
  virtual Operation Finish(const Scope& scope, const std::vector<Operation>& updates,
                           const std::string& op_name);

  // A slot variable of `var` named "<var>/<name()>" (made unique: "_1", ...) holding zeros of
  // var's shape and dtype (which must be fully defined); created once per (var, slot).
  absl::StatusOr<Output> ZerosSlot(const Scope& scope, const Output& var, const std::string& slot);
  // A scalar Const "<name()>/<what>" of `dtype` holding `value`, made once per ApplyGradients.
  Output Hyper(const Scope& scope, const std::string& what, double value, DataType dtype);
  // The non-slot variable `key` of `scope`'s graph made by CreateNonSlot, or invalid.
  Output NonSlot(const Scope& scope, const std::string& key) const;
  // Creates the scalar variable `key` (named so under the scope's prefix) initialized to
  // `value`, once per graph.
  absl::StatusOr<Output> CreateNonSlot(const Scope& scope, const std::string& key, double value,
                                       DataType dtype);
  // `x` as `dtype` (a Cast when it differs).
  static Output CastTo(const Scope& scope, const Output& x, DataType dtype);

  bool use_locking() const { return use_locking_; }

 private:
  std::string name_;
  bool use_locking_;
  // (var node, slot) -> slot variable; (graph, key) -> non-slot variable.
  std::map<std::pair<const Node*, std::string>, Output> slots_;
  std::map<std::pair<const Graph*, std::string>, Output> non_slots_;
  // (what, dtype) -> hyper-parameter Const of the current ApplyGradients call.
  std::map<std::pair<std::string, DataType>, Output> hypers_;
};

// tf.train.GradientDescentOptimizer: var -= learning_rate * grad (ApplyGradientDescent).
class GradientDescentOptimizer : public Optimizer {
 public:
  explicit GradientDescentOptimizer(double learning_rate, bool use_locking = false)
      : Optimizer("GradientDescent", use_locking), learning_rate_(learning_rate) {}

 protected:
  Output ApplyDense(const Scope& scope, const std::string& name_prefix, const Output& grad,
                    const Output& var) override;

 private:
  double learning_rate_;
};

// Options of MomentumOptimizer.
struct MomentumOptions {
  bool use_locking = false;
  bool use_nesterov = false;
};

// tf.train.MomentumOptimizer: ApplyMomentum with slot "momentum" ("<var>/Momentum").
class MomentumOptimizer : public Optimizer {
 public:
  MomentumOptimizer(double learning_rate, double momentum, const MomentumOptions& options = {})
      : Optimizer("Momentum", options.use_locking),
        learning_rate_(learning_rate),
        momentum_(momentum),
        use_nesterov_(options.use_nesterov) {}

 protected:
  absl::Status CreateSlots(const Scope& scope, const std::vector<Output>& vars) override;
  Output ApplyDense(const Scope& scope, const std::string& name_prefix, const Output& grad,
                    const Output& var) override;

 private:
  double learning_rate_;
  double momentum_;
  bool use_nesterov_;
};

// Hyper-parameters of AdamOptimizer (TensorFlow's defaults).
struct AdamOptions {
  double learning_rate = 0.001;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  bool use_locking = false;
};

// tf.train.AdamOptimizer: ApplyAdam with slots "m" ("<var>/Adam") and "v" ("<var>/Adam_1"), and
// the "beta1_power"/"beta2_power" variables (dtype of the first variable, initialized to beta1
// and beta2), multiplied by beta1/beta2 after every step's updates.
class AdamOptimizer : public Optimizer {
 public:
  explicit AdamOptimizer(const AdamOptions& options = {})
      : Optimizer("Adam", options.use_locking), options_(options) {}

 protected:
  absl::Status CreateSlots(const Scope& scope, const std::vector<Output>& vars) override;
  Output ApplyDense(const Scope& scope, const std::string& name_prefix, const Output& grad,
                    const Output& var) override;
  Operation Finish(const Scope& scope, const std::vector<Operation>& updates,
                   const std::string& op_name) override;

 private:
  AdamOptions options_;
};

}  // namespace rill::train

#endif  // RILL_OPS_TRAINING_OPTIMIZER_H_
