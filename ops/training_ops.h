// Client builders for the optimizer update ops (ApplyGradientDescent, ApplyMomentum, ApplyAdam,
// ApplyRMSProp, ApplyAdagrad), TensorFlow 1.x's training ops. Each updates the variables behind
// its ref inputs in place (var first, then its slots) and outputs var's ref. Hyper-parameters
// are scalars of var's dtype (float or double); grad has var's shape. The ops are stateful and
// not differentiable. The Optimizer classes that build them are in ops/training/optimizer.h.
#ifndef RILL_OPS_TRAINING_OPS_H_
#define RILL_OPS_TRAINING_OPS_H_

#include "graph/scope.h"

namespace rill::ops {

// Optional attrs of ApplyGradientDescent and ApplyRMSProp.
struct ApplyAttrs {
  // TensorFlow's locking flag: accepted; the reference executor runs one kernel at a time.
  bool use_locking = false;
};
// Optional attrs of ApplyMomentum.
struct ApplyMomentumAttrs {
  bool use_locking = false;
  // Nesterov momentum: var -= grad * lr + accum * momentum * lr.
  bool use_nesterov = false;
};
// Optional attrs of ApplyAdam.
struct ApplyAdamAttrs {
  bool use_locking = false;
  // Nesterov Adam: var -= (grad * (1 - beta1) + beta1 * m) * lr_t / (sqrt(v) + epsilon).
  bool use_nesterov = false;
};
// Optional attrs of ApplyAdagrad.
struct ApplyAdagradAttrs {
  bool use_locking = false;
  // When false, accum is not updated (only read).
  bool update_slots = true;
};

// var -= alpha * delta.
Output ApplyGradientDescent(const Scope& scope, const Output& var, const Output& alpha,
                            const Output& delta, const ApplyAttrs& attrs = {});

// accum = accum * momentum + grad; var -= lr * accum (see ApplyMomentumAttrs for Nesterov).
Output ApplyMomentum(const Scope& scope, const Output& var, const Output& accum, const Output& lr,
                     const Output& grad, const Output& momentum,
                     const ApplyMomentumAttrs& attrs = {});

// lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power); m += (grad - m) * (1 - beta1);
// v += (grad^2 - v) * (1 - beta2); var -= m * lr_t / (sqrt(v) + epsilon).
Output ApplyAdam(const Scope& scope, const Output& var, const Output& m, const Output& v,
                 const Output& beta1_power, const Output& beta2_power, const Output& lr,
                 const Output& beta1, const Output& beta2, const Output& epsilon,
                 const Output& grad, const ApplyAdamAttrs& attrs = {});

// ms += (grad^2 - ms) * (1 - rho); mom = mom * momentum + grad * lr / sqrt(ms + epsilon);
// var -= mom.
Output ApplyRMSProp(const Scope& scope, const Output& var, const Output& ms, const Output& mom,
                    const Output& lr, const Output& rho, const Output& momentum,
                    const Output& epsilon, const Output& grad, const ApplyAttrs& attrs = {});

// accum += grad^2; var -= lr * grad / sqrt(accum).
Output ApplyAdagrad(const Scope& scope, const Output& var, const Output& accum, const Output& lr,
                    const Output& grad, const ApplyAdagradAttrs& attrs = {});

}  // namespace rill::ops

#endif  // RILL_OPS_TRAINING_OPS_H_
