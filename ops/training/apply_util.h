// What the Apply* optimizer-update ops share: their shape function (variable and slot shapes
// merged with the gradient's, hyper-parameters scalar) and the kernel-side checks and access to
// the variables behind their ref inputs (TensorFlow's messages and rules).
#ifndef RILL_OPS_TRAINING_APPLY_UTIL_H_
#define RILL_OPS_TRAINING_APPLY_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/tensor.h"
#include "ops/kernel_context.h"
#include "ops/shape_context.h"
#include "ops/variable.h"

namespace rill::training {

// One input of an Apply* op, by position and TensorFlow name ("var", "lr", ...).
struct ApplyArg {
  int index;
  const char* name;
};

// The shape function of the Apply* ops: the `same_shape` inputs (variable, slots, gradient)
// merge into the output's shape, the `scalars` (hyper-parameters) must have rank 0.
// InvalidArgument "var [2,3] and grad [3] do not have the same shape" / "lr must have rank 0,
// got [2]".
absl::Status ApplyShape(ShapeContext& c, const std::vector<ApplyArg>& same_shape,
                        const std::vector<ApplyArg>& scalars);

// The ref inputs of an Apply* kernel, checked and ready for an in-place update.
struct ApplyState {
  // The variable behind input 0 (the op's ref output).
  Variable* var = nullptr;
  // Writable values of the ref inputs, in `refs` order (values[0] is var's): each buffer is held
  // by its variable only (copy-on-write), so updates never reach a reader of the old value.
  std::vector<Tensor> values;
};

// Checks an Apply* kernel's inputs as TensorFlow does, then opens the ref inputs for writing:
// every ref initialized (FailedPrecondition "attempting to use uninitialized variable 'v'
// (input accum)"), refs and `grad` of var's shape and `scalars` of rank 0 (InvalidArgument "var
// and grad do not have the same shape: [2] vs [3]", "lr is not a scalar: [2]"). Nothing is
// written when a check fails.
absl::StatusOr<ApplyState> PrepareApply(KernelContext& c, const std::vector<ApplyArg>& refs,
                                        const std::vector<ApplyArg>& scalars, ApplyArg grad);

// The scalar input `index` as T (after PrepareApply checked its rank).
template <typename T>
T ScalarInput(const KernelContext& c, int index) {
  return c.input(index).data<T>()[0];
}

}  // namespace rill::training

#endif  // RILL_OPS_TRAINING_APPLY_UTIL_H_
