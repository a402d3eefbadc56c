// The shape function and reference kernel shared by AssignAdd and AssignSub (and the shape check
// Assign shares): the ops differ only in the element update, which is a parameter here.
#ifndef RILL_OPS_STATE_ASSIGN_UPDATE_H_
#define RILL_OPS_STATE_ASSIGN_UPDATE_H_

#include "absl/status/status.h"
#include "ops/kernel_context.h"
#include "ops/shape_context.h"

namespace rill::state {

// The in-place update an Assign{Add,Sub} applies, element by element (integers wrap around).
enum class AssignUpdate { kAdd, kSub };

// Sets output 0 to the merge of input 0 (the variable) and input 1 (the value); InvalidArgument
// "value shape [1] does not match the variable's [2]" when they are incompatible.
absl::Status MergeVariableAndValueShapes(ShapeContext& c);

// The kernel of AssignAdd/AssignSub: variable (ref input 0) op= value (input 1), in place with
// copy-on-write, then the ref output 0. FailedPrecondition for an uninitialized variable,
// InvalidArgument for a value of another shape or dtype (naming the node and the variable).
absl::Status AssignUpdateKernel(KernelContext& c, AssignUpdate update);

}  // namespace rill::state

#endif  // RILL_OPS_STATE_ASSIGN_UPDATE_H_
