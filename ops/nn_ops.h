// Client builders for the neural-network ops: Relu.
#ifndef RILL_OPS_NN_OPS_H_
#define RILL_OPS_NN_OPS_H_

#include "graph/scope.h"

namespace rill::ops {

// max(features, 0) elementwise.
Output Relu(const Scope& scope, const Output& features);

}  // namespace rill::ops

#endif  // RILL_OPS_NN_OPS_H_
