// Client builders for the control ops: NoOp.
#ifndef RILL_OPS_CONTROL_OPS_H_
#define RILL_OPS_CONTROL_OPS_H_

#include "graph/scope.h"

namespace rill::ops {

// A node that does nothing: with scope.WithControlDependencies(...) it groups updates into one
// target to run.
Operation NoOp(const Scope& scope);

}  // namespace rill::ops

#endif  // RILL_OPS_CONTROL_OPS_H_
