// Ready-made element emitters for ops that are a single scalar operation (Add, Neg, Exp, ...),
// so such an op's registration reads `.SetElementEmitter(BinaryEmitter(ElemBinaryOp::kAdd))`.
#ifndef RILL_OPS_ELEMENT_EMITTERS_H_
#define RILL_OPS_ELEMENT_EMITTERS_H_

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ops/emitter_context.h"
#include "ops/op_registry.h"

namespace rill {

inline EmitterFn UnaryEmitter(ElemUnaryOp op) {
  return [op](EmitterContext& c) {
    c.set_output(0, c.Unary(op, c.input(0)));
    return absl::OkStatus();
  };
}

inline EmitterFn BinaryEmitter(ElemBinaryOp op) {
  return [op](EmitterContext& c) {
    c.set_output(0, c.Binary(op, c.input(0), c.input(1)));
    return absl::OkStatus();
  };
}

inline EmitterFn CompareEmitter(ElemCompare op) {
  return [op](EmitterContext& c) {
    c.set_output(0, c.Compare(op, c.input(0), c.input(1)));
    return absl::OkStatus();
  };
}

// An output that does not depend on the input's values (ZerosLike, OnesLike): `value` in the
// output's dtype at every element.
inline EmitterFn ConstantEmitter(double value) {
  return [value](EmitterContext& c) {
    c.set_output(0, c.Constant(c.output_dtype(0), value));
    return absl::OkStatus();
  };
}

// True for the signed integer dtypes codegen handles (int32, int64).
inline bool IsSignedIntegerElem(DataType dtype) { return dtype == DT_INT32 || dtype == DT_INT64; }

// The integer-division guard of math::CheckIntegerDivision for x / y, shared by Div and FloorDiv:
// fails the kernel with its messages where y is 0 or, for signed types, x is the lowest value and
// y is -1, and returns a divisor that equals y wherever the division is defined and 1 elsewhere,
// so the emitted division never traps.
inline ElemValue GuardedIntegerDivisor(EmitterContext& c, ElemValue x, ElemValue y) {
  const ElemValue zero = c.Constant(y.dtype, 0);
  ElemValue bad = c.Compare(ElemCompare::kEq, y, zero);
  c.FailIf(bad, "integer division by zero");
  if (IsSignedIntegerElem(x.dtype)) {
    const int64_t lowest = x.dtype == DT_INT32 ? std::numeric_limits<int32_t>::min()
                                               : std::numeric_limits<int64_t>::min();
    const ElemValue minus_one = c.Constant(y.dtype, -1);
    const ElemValue overflow =
        c.Binary(ElemBinaryOp::kLogicalAnd,
                 c.Compare(ElemCompare::kEq, x, c.Constant(x.dtype, static_cast<double>(lowest))),
                 c.Compare(ElemCompare::kEq, y, minus_one));
    c.FailIf(overflow, absl::StrCat("integer division overflow: ", lowest, " / -1"));
    bad = c.Binary(ElemBinaryOp::kLogicalOr, bad, overflow);
  }
  return c.Select(bad, c.Constant(y.dtype, 1), y);
}

}  // namespace rill

#endif  // RILL_OPS_ELEMENT_EMITTERS_H_
