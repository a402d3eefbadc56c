// Ready-made element emitters for ops that are a single scalar operation (Add, Neg, Exp, ...),
// so such an op's registration reads `.SetElementEmitter(BinaryEmitter(ElemBinaryOp::kAdd))`.
#ifndef RILL_OPS_ELEMENT_EMITTERS_H_
#define RILL_OPS_ELEMENT_EMITTERS_H_

#include "absl/status/status.h"
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

}  // namespace rill

#endif  // RILL_OPS_ELEMENT_EMITTERS_H_
