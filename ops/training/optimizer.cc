// The Optimizer base (gradients, update loop, slots, train op) and the GradientDescent, Momentum
// and Adam optimizers (see optimizer.h).
#include "ops/training/optimizer.h"

#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/gradients.h"
#include "graph/types.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"
#include "ops/training/variables.h"
#include "ops/training_ops.h"

namespace rill::train {
namespace {

// AddSymbolicGradients answers ZerosLike(x) for an x that no y depends on: TensorFlow's "None".
bool IsUnreachedGradient(const Output& grad, const Output& var) {
  const Node* n = grad.node();
  return n->op() == "ZerosLike" && n->num_data_inputs() == 1 &&
         n->data_inputs()[0]->src == var.node() && n->data_inputs()[0]->src_output == var.index();
}

// A scalar Const of the float dtype `dtype`.
Output FloatConst(const Scope& scope, DataType dtype, double value) {
  return dtype == DT_FLOAT ? ops::Const(scope, static_cast<float>(value))
                           : ops::Const(scope, value);
}

}  // namespace

absl::StatusOr<std::vector<GradAndVar>> Optimizer::ComputeGradients(
    const Scope& scope, const Output& loss, const std::vector<Output>& var_list) const {
  RETURN_IF_ERROR(scope.status());
  if (!loss.valid() || !IsFloatDtype(BaseType(loss.dtype()))) {
    return absl::InvalidArgumentError(absl::StrCat(
        name_, ": the loss must be a float or double tensor, got '", loss.name(), "'"));
  }
  std::vector<Output> vars = var_list;
  if (vars.empty()) {
    ASSIGN_OR_RETURN(vars, TrainableVariables(scope));
  }
  if (vars.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name_, ": no variables to optimize"));
  }
  for (const Output& var : vars) {
    if (!var.valid() || !IsRefType(var.dtype())) {
      return absl::InvalidArgumentError(
          absl::StrCat(name_, ": '", var.name(), "' is not a variable (a ref output)"));
    }
  }
  ASSIGN_OR_RETURN(std::vector<Output> grads, AddSymbolicGradients(scope, {loss}, vars, {}));
  std::vector<GradAndVar> pairs;
  for (size_t i = 0; i < vars.size(); ++i) {
    if (!IsUnreachedGradient(grads[i], vars[i])) pairs.push_back({grads[i], vars[i]});
  }
  if (pairs.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name_, ": no gradients provided for any variable (the loss '", loss.name(),
                     "' depends on none of the ", vars.size(), " variables)"));
  }
  return pairs;
}

absl::StatusOr<Operation> Optimizer::ApplyGradients(const Scope& scope,
                                                    const std::vector<GradAndVar>& grads_and_vars,
                                                    const Output& global_step) {
  RETURN_IF_ERROR(scope.status());
  if (grads_and_vars.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name_, ": no gradients to apply"));
  }
  std::vector<Output> vars;
  for (const GradAndVar& gv : grads_and_vars) {
    if (!gv.var.valid() || !IsRefType(gv.var.dtype())) {
      return absl::InvalidArgumentError(
          absl::StrCat(name_, ": '", gv.var.name(), "' is not a variable (a ref output)"));
    }
    const DataType dtype = BaseType(gv.var.dtype());
    if (!gv.grad.valid() || BaseType(gv.grad.dtype()) != dtype ||
        !gv.grad.shape().IsCompatibleWith(gv.var.shape())) {
      return absl::InvalidArgumentError(absl::StrCat(
          name_, ": the gradient '", gv.grad.name(), "' does not match variable '", gv.var.name(),
          "' (", DataTypeString(dtype), " ", gv.var.shape().DebugString(), ")"));
    }
    if (!IsFloatDtype(dtype)) {
      return absl::InvalidArgumentError(absl::StrCat(name_, ": variable '", gv.var.name(), "' is ",
                                                     DataTypeString(dtype),
                                                     ", not float or double"));
    }
    vars.push_back(gv.var);
  }
  if (global_step.valid() &&
      (!IsRefType(global_step.dtype()) ||
       (BaseType(global_step.dtype()) != DT_INT64 && BaseType(global_step.dtype()) != DT_INT32) ||
       !global_step.shape().IsCompatibleWith(PartialShape::Scalar()))) {
    return absl::InvalidArgumentError(absl::StrCat(name_, ": global_step '", global_step.name(),
                                                   "' must be an int64 or int32 scalar variable"));
  }

  hypers_.clear();
  RETURN_IF_ERROR(CreateSlots(scope, vars));
  std::vector<Operation> updates;
  for (const GradAndVar& gv : grads_and_vars) {
    const std::string prefix =
        absl::StrCat(name_, "/update_", NameRelativeTo(scope, gv.var.node()->name()), "/");
    const Output update = ApplyDense(scope, prefix, gv.grad, gv.var);
    RETURN_IF_ERROR(scope.status());
    updates.emplace_back(update.node(), std::vector<Output>{update});
  }
  if (!global_step.valid()) {
    Operation train_op = Finish(scope, updates, name_);
    RETURN_IF_ERROR(scope.status());
    return train_op;
  }
  const Operation finished = Finish(scope, updates, absl::StrCat(name_, "/update"));
  const DataType step_dtype = BaseType(global_step.dtype());
  const Scope one_scope = scope.WithOpName(absl::StrCat(name_, "/value"));
  const Output one =
      step_dtype == DT_INT64 ? ops::Const(one_scope, int64_t{1}) : ops::Const(one_scope, 1);
  const Output increment = ops::AssignAdd(
      scope.WithOpName(name_).WithControlDependencies(absl::Span<const Operation>(&finished, 1)),
      global_step, one);
  RETURN_IF_ERROR(scope.status());
  return Operation(increment.node(), {increment});
}

absl::StatusOr<Operation> Optimizer::Minimize(const Scope& scope, const Output& loss,
                                              const MinimizeOptions& options) {
  ASSIGN_OR_RETURN(std::vector<GradAndVar> grads, ComputeGradients(scope, loss, options.var_list));
  return ApplyGradients(scope, grads, options.global_step);
}

Output Optimizer::GetSlot(const Output& var, const std::string& slot) const {
  auto it = slots_.find({var.node(), slot});
  return it == slots_.end() ? Output() : it->second;
}

absl::Status Optimizer::CreateSlots(const Scope&, const std::vector<Output>&) {
  return absl::OkStatus();
}

Operation Optimizer::Finish(const Scope& scope, const std::vector<Operation>& updates,
                            const std::string& op_name) {
  return ops::NoOp(scope.WithOpName(op_name).WithControlDependencies(updates));
}

absl::StatusOr<Output> Optimizer::ZerosSlot(const Scope& scope, const Output& var,
                                            const std::string& slot) {
  if (Output existing = GetSlot(var, slot); existing.valid()) return existing;
  if (!var.shape().IsFullyDefined()) {
    return absl::InvalidArgumentError(absl::StrCat(name_, ": variable '", var.name(),
                                                   "' needs a fully defined shape for its ", slot,
                                                   " slot, got ", var.shape().DebugString()));
  }
  const DataType dtype = BaseType(var.dtype());
  const std::vector<int64_t>& dims = var.shape().dims();
  const GraphVariable created = CreateVariable(
      scope.WithOpName(NameRelativeTo(scope, absl::StrCat(var.node()->name(), "/", name_))),
      var.shape(), dtype,
      [&](const std::string& slot_name) {
        const std::string zeros = absl::StrCat(slot_name, "/Initializer/zeros");
        return ops::Fill(
            scope.WithOpName(NameRelativeTo(scope, zeros)),
            ops::Const(scope.WithOpName(NameRelativeTo(scope, zeros + "/shape_as_tensor")), dims,
                       TensorShape({static_cast<int64_t>(dims.size())})),
            FloatConst(scope.WithOpName(NameRelativeTo(scope, zeros + "/Const")), dtype, 0.0));
      },
      {.trainable = false});
  RETURN_IF_ERROR(scope.status());
  slots_[{var.node(), slot}] = created.ref;
  return created.ref;
}

Output Optimizer::Hyper(const Scope& scope, const std::string& what, double value, DataType dtype) {
  auto [it, inserted] = hypers_.try_emplace({what, dtype});
  if (inserted) {
    it->second = FloatConst(scope.WithOpName(absl::StrCat(name_, "/", what)), dtype, value);
  }
  return it->second;
}

Output Optimizer::NonSlot(const Scope& scope, const std::string& key) const {
  auto it = non_slots_.find({scope.graph(), key});
  return it == non_slots_.end() ? Output() : it->second;
}

absl::StatusOr<Output> Optimizer::CreateNonSlot(const Scope& scope, const std::string& key,
                                                double value, DataType dtype) {
  if (Output existing = NonSlot(scope, key); existing.valid()) return existing;
  const GraphVariable created = CreateVariable(
      scope.WithOpName(key), PartialShape::Scalar(), dtype,
      [&](const std::string& name) {
        return FloatConst(scope.WithOpName(NameRelativeTo(scope, name + "/initial_value")), dtype,
                          value);
      },
      {.trainable = false});
  RETURN_IF_ERROR(scope.status());
  non_slots_[{scope.graph(), key}] = created.ref;
  return created.ref;
}

Output Optimizer::CastTo(const Scope& scope, const Output& x, DataType dtype) {
  return BaseType(x.dtype()) == dtype ? x : ops::Cast(scope, x, dtype);
}

// --- GradientDescentOptimizer ---

Output GradientDescentOptimizer::ApplyDense(const Scope& scope, const std::string& name_prefix,
                                            const Output& grad, const Output& var) {
  const DataType dtype = BaseType(var.dtype());
  return ops::ApplyGradientDescent(scope.WithOpName(name_prefix + "ApplyGradientDescent"), var,
                                   Hyper(scope, "learning_rate", learning_rate_, dtype), grad,
                                   {.use_locking = use_locking()});
}

// --- MomentumOptimizer ---

absl::Status MomentumOptimizer::CreateSlots(const Scope& scope, const std::vector<Output>& vars) {
  for (const Output& var : vars) RETURN_IF_ERROR(ZerosSlot(scope, var, "momentum").status());
  return absl::OkStatus();
}

Output MomentumOptimizer::ApplyDense(const Scope& scope, const std::string& name_prefix,
                                     const Output& grad, const Output& var) {
  const DataType dtype = BaseType(var.dtype());
  return ops::ApplyMomentum(scope.WithOpName(name_prefix + "ApplyMomentum"), var,
                            GetSlot(var, "momentum"),
                            Hyper(scope, "learning_rate", learning_rate_, dtype), grad,
                            Hyper(scope, "momentum", momentum_, dtype),
                            {.use_locking = use_locking(), .use_nesterov = use_nesterov_});
}

// --- AdamOptimizer ---

absl::Status AdamOptimizer::CreateSlots(const Scope& scope, const std::vector<Output>& vars) {
  // The beta powers take the first variable's dtype (TensorFlow: float32, cast per variable).
  const DataType dtype = BaseType(vars[0].dtype());
  RETURN_IF_ERROR(CreateNonSlot(scope, "beta1_power", options_.beta1, dtype).status());
  RETURN_IF_ERROR(CreateNonSlot(scope, "beta2_power", options_.beta2, dtype).status());
  for (const Output& var : vars) {
    RETURN_IF_ERROR(ZerosSlot(scope, var, "m").status());
    RETURN_IF_ERROR(ZerosSlot(scope, var, "v").status());
  }
  return absl::OkStatus();
}

Output AdamOptimizer::ApplyDense(const Scope& scope, const std::string& name_prefix,
                                 const Output& grad, const Output& var) {
  const DataType dtype = BaseType(var.dtype());
  return ops::ApplyAdam(
      scope.WithOpName(name_prefix + "ApplyAdam"), var, GetSlot(var, "m"), GetSlot(var, "v"),
      CastTo(scope, NonSlot(scope, "beta1_power"), dtype),
      CastTo(scope, NonSlot(scope, "beta2_power"), dtype),
      Hyper(scope, "learning_rate", options_.learning_rate, dtype),
      Hyper(scope, "beta1", options_.beta1, dtype), Hyper(scope, "beta2", options_.beta2, dtype),
      Hyper(scope, "epsilon", options_.epsilon, dtype), grad, {.use_locking = use_locking()});
}

Operation AdamOptimizer::Finish(const Scope& scope, const std::vector<Operation>& updates,
                                const std::string& op_name) {
  // After every update has read them, beta1_power *= beta1 and beta2_power *= beta2.
  const Scope after = scope.WithControlDependencies(updates);
  std::vector<Operation> all = updates;
  for (const auto& [key, beta] : {std::pair<const char*, double>{"beta1_power", options_.beta1},
                                  std::pair<const char*, double>{"beta2_power", options_.beta2}}) {
    const Output power = NonSlot(scope, key);
    const DataType dtype = BaseType(power.dtype());
    const std::string hyper = key == std::string("beta1_power") ? "beta1" : "beta2";
    const Output product = ops::Mul(after.WithOpName(absl::StrCat(name(), "/mul")), power,
                                    Hyper(scope, hyper, beta, dtype));
    const Output assign = ops::Assign(after.WithOpName(absl::StrCat(name(), "/Assign")), power,
                                      product, {.use_locking = use_locking()});
    all.emplace_back(assign.node(), std::vector<Output>{assign});
  }
  return ops::NoOp(scope.WithOpName(op_name).WithControlDependencies(all));
}

}  // namespace rill::train
