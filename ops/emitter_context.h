// EmitterContext: the scalar-expression vocabulary an element-wise op uses to describe one output
// element in terms of its input elements. The compiler implements it with LLVM's IRBuilder
// (compiler/codegen); ops/ never includes an LLVM header. The operations are few and precisely
// defined so that an op's emitter can reproduce its reference kernel bit for bit: there are no
// fast-math shortcuts (NaN-propagating max is spelled out with IsNan + Select, as the kernel does).
#ifndef RILL_OPS_EMITTER_CONTEXT_H_
#define RILL_OPS_EMITTER_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"
#include "ops/attr_slice.h"

namespace rill {

// A scalar value being built: a handle into the emitter's value table plus its dtype. DT_BOOL
// values are 1-bit truth values (stored as one byte in tensors).
struct ElemValue {
  int id = -1;
  DataType dtype = DT_INVALID;
  bool valid() const { return id >= 0; }
};

enum class ElemUnaryOp {
  kNeg,      // -x (integers wrap)
  kAbs,      // |x| (integers: INT_MIN stays INT_MIN, as in C++ with wrapping)
  kExp,      // libm exp / expf
  kExpm1,    // libm expm1
  kLog,      // libm log
  kLog1p,    // libm log1p
  kSqrt,     // IEEE sqrt
  kTanh,     // libm tanh
  kFloor,    // floor (floats only)
  kIsNan,    // -> bool (floats only)
  kLogicalNot,  // bool only
};

enum class ElemBinaryOp {
  kAdd,  // integers wrap
  kSub,
  kMul,
  kDiv,  // floats: IEEE; integers: C++ truncating division (guard zero and INT_MIN / -1 with FailIf)
  kRem,  // floats: fmod; integers: C++ % (guard as for kDiv)
  kPow,  // floats only: libm pow
  kLogicalAnd,  // bool only
  kLogicalOr,   // bool only
};

// C++ comparison semantics: every comparison with a NaN operand is false except kNe.
enum class ElemCompare { kEq, kNe, kLt, kLe, kGt, kGe };

// An int64 index in generated code (a loop variable, or arithmetic on them).
struct IndexValue {
  int id = -1;
  bool valid() const { return id >= 0; }
};

// Index arithmetic; kDiv and kRem truncate (C++), for the non-negative indices they are used on.
enum class IndexOp { kAdd, kSub, kMul, kDiv, kRem, kMin, kMax };

// One element-wise op node being emitted. Operands must have equal dtypes (except Select's
// condition, which is DT_BOOL). A misuse (dtype mismatch, a float-only op on integers, an unset
// output) is reported by the backend as an Internal error naming the node when emission ends.
struct EmitterContext {
  virtual ~EmitterContext() = default;

  virtual const std::string& node_name() const = 0;
  // The node's attrs, with the op's defaults for missing ones.
  virtual const AttrSlice& attrs() const = 0;
  virtual int num_inputs() const = 0;
  // Input i's element at the current position (after broadcasting).
  virtual ElemValue input(int i) = 0;
  virtual DataType output_dtype(int i) const = 0;
  virtual void set_output(int i, ElemValue value) = 0;

  // A constant of `dtype`; `value` must be exactly representable in it.
  virtual ElemValue Constant(DataType dtype, double value) = 0;
  virtual ElemValue Unary(ElemUnaryOp op, ElemValue x) = 0;
  virtual ElemValue Binary(ElemBinaryOp op, ElemValue x, ElemValue y) = 0;
  // -> DT_BOOL.
  virtual ElemValue Compare(ElemCompare op, ElemValue x, ElemValue y) = 0;
  // condition ? on_true : on_false, element by element (both sides are evaluated).
  virtual ElemValue Select(ElemValue condition, ElemValue on_true, ElemValue on_false) = 0;
  // Conversion with the Cast op's semantics: float -> integer truncates toward zero, saturates at
  // the target's range and maps NaN to 0; integer -> bool and float -> bool are "!= 0"; bool -> x is
  // 0 or 1; other conversions are C++ static_casts (integers wrap).
  virtual ElemValue Cast(ElemValue x, DataType to) = 0;
  // Makes the whole kernel fail, after the loop, with InvalidArgument "node '<name>' (<op>):
  // <message>" when `condition` (DT_BOOL) holds for any element. Values computed for such an
  // element are unspecified; to never trap, divide by Select(condition, 1, y) after FailIf.
  virtual void FailIf(ElemValue condition, const std::string& message) = 0;
  // For stateful ops that update their ref inputs in place (Apply*): `value` becomes ref input
  // `input`'s element at the current position; input(input) is its value before the op. Such an
  // op sets no outputs: its ref outputs are its ref inputs (the i-th ref output is the i-th ref
  // input), as TensorFlow's "out = var".
  virtual void UpdateRef(int input, ElemValue value) = 0;

  // --- Index level: for ops that are not element-wise (their loop emitter, SetLoopEmitter). The
  // kernel loops over output 0's elements; the op computes the element at output_index() from
  // input elements it reads at indices it computes (XLA's elemental IR emitter). input(i) is not
  // available at this level. All shapes are fully known when an op is lowered. ---
  virtual const TensorShape& input_shape(int i) const = 0;
  virtual const TensorShape& output_shape() const = 0;
  // Input i's value when it is a compile-time constant (axes, perm, paddings...), else null.
  virtual const Tensor* constant_input(int i) const = 0;
  // Coordinate d of the output element being computed.
  virtual IndexValue output_index(int d) = 0;
  virtual IndexValue Index(int64_t value) = 0;
  virtual IndexValue IndexArith(IndexOp op, IndexValue a, IndexValue b) = 0;
  // -> DT_BOOL (signed comparison).
  virtual ElemValue IndexCompare(ElemCompare op, IndexValue a, IndexValue b) = 0;
  virtual IndexValue IndexSelect(ElemValue condition, IndexValue on_true, IndexValue on_false) = 0;
  // The index as a value of an integer or float dtype (ArgMax's result, Range, OneHot positions).
  virtual ElemValue IndexToValue(IndexValue index, DataType dtype) = 0;
  // An integer value as an index (sign-extended; gathers such as OneHot's indices).
  virtual IndexValue ValueToIndex(ElemValue value) = 0;
  // Input i's element at `index` (one coordinate per dim). The caller keeps it in bounds (clamp
  // with IndexSelect and mask the value with Select): generated code does not check.
  virtual ElemValue ReadInput(int i, const std::vector<IndexValue>& index) = 0;
  // A counted loop with loop-carried values: acc = init; for r in [0, extent): acc = body(r, acc);
  // returns the final acc (init when extent is 0). Values made inside `body` must not be used
  // after the loop except through its result.
  using LoopBody =
      std::function<std::vector<ElemValue>(IndexValue r, const std::vector<ElemValue>& acc)>;
  virtual std::vector<ElemValue> Loop(int64_t extent, const std::vector<ElemValue>& init,
                                      const LoopBody& body) = 0;
};

}  // namespace rill

#endif  // RILL_OPS_EMITTER_CONTEXT_H_
