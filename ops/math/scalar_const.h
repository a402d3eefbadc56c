// ScalarConst: a scalar Const of a dtype chosen at run time (the constants 6, -0.5, ... that
// gradient functions of the math ops multiply or compare with).
#ifndef RILL_OPS_MATH_SCALAR_CONST_H_
#define RILL_OPS_MATH_SCALAR_CONST_H_

#include "graph/scope.h"
#include "graph/types.pb.h"

namespace rill::ops {

// A scalar Const of `dtype` (float, double, int32, int64 or uint8) holding `value` converted to
// it (`value` is a literal of the caller's and must fit the dtype). Any other dtype records
// InvalidArgument in the scope and returns an invalid Output.
Output ScalarConst(const Scope& scope, DataType dtype, double value);

}  // namespace rill::ops

#endif  // RILL_OPS_MATH_SCALAR_CONST_H_
