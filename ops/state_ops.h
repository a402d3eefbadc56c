// Client builders for the TF 1.x reference-variable ops: VariableV2, Assign, AssignAdd, AssignSub.
// Semantics (see compiler/interpreter/interpreter.h): variables live in the executor across Run
// calls; within one Run, a read not ordered after a write by a data or control edge sees the value
// from before the step.
#ifndef RILL_OPS_STATE_OPS_H_
#define RILL_OPS_STATE_OPS_H_

#include <string>

#include "graph/scope.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"

namespace rill::ops {

// Optional attrs of VariableV2.
struct VariableV2Attrs {
  std::string container;
  // The variable's name in the store; empty means the node's name.
  std::string shared_name;
};
// A mutable tensor of `dtype` and `shape`: its output is a ref (DT_*_REF) that readers consume
// directly (reading the value) and Assign* ops update.
Output VariableV2(const Scope& scope, const PartialShape& shape, DataType dtype,
                  const VariableV2Attrs& attrs = {});

// Optional attrs of Assign.
struct AssignAttrs {
  // The value must have the variable's declared shape (unless false: then the variable takes it).
  bool validate_shape = true;
  bool use_locking = true;
};
// ref = value; outputs the ref (readers of it see the new value).
Output Assign(const Scope& scope, const Output& ref, const Output& value,
              const AssignAttrs& attrs = {});

// Optional attrs of AssignAdd/AssignSub.
struct AssignUpdateAttrs {
  bool use_locking = false;
};
// ref += value / ref -= value (same shape); outputs the ref.
Output AssignAdd(const Scope& scope, const Output& ref, const Output& value,
                 const AssignUpdateAttrs& attrs = {});
Output AssignSub(const Scope& scope, const Output& ref, const Output& value,
                 const AssignUpdateAttrs& attrs = {});

}  // namespace rill::ops

#endif  // RILL_OPS_STATE_OPS_H_
