// Window index arithmetic shared by the convolution and pooling loop emitters (ops/nn): the input
// coordinate a window tap reads (forward), and the output coordinate whose window reaches a given
// input coordinate (the gathers that replace the backward kernels' scatters).
#ifndef RILL_OPS_NN_WINDOW_EMITTER_H_
#define RILL_OPS_NN_WINDOW_EMITTER_H_

#include <cstdint>
#include <utility>

#include "ops/emitter_context.h"

namespace rill::nn {

// Input coordinate o * stride + k * dilation - pad, clamped into [0, size) so it can always be
// read, and whether it was in range (padding taps must be masked, not added).
inline std::pair<IndexValue, ElemValue> EmitWindowTap(EmitterContext& c, IndexValue o, IndexValue k,
                                                      int64_t stride, int64_t dilation,
                                                      int64_t pad, int64_t size) {
  using I = IndexOp;
  const IndexValue zero = c.Index(0);
  const IndexValue i = c.IndexArith(
      I::kSub,
      c.IndexArith(I::kAdd, c.IndexArith(I::kMul, o, c.Index(stride)),
                   c.IndexArith(I::kMul, k, c.Index(dilation))),
      c.Index(pad));
  const ElemValue in = c.Binary(ElemBinaryOp::kLogicalAnd, c.IndexCompare(ElemCompare::kGe, i, zero),
                                c.IndexCompare(ElemCompare::kLt, i, c.Index(size)));
  return {c.IndexArith(I::kMin, c.IndexArith(I::kMax, i, zero), c.Index(size - 1)), in};
}

// For a gather: the window offset k = window - 1 - r (so increasing r visits output coordinates
// in increasing order, the kernels' scatter order), the output coordinate o with
// o * stride + k * dilation - pad == i (clamped into [0, out_size)), and whether that o exists.
struct WindowSource {
  IndexValue offset;
  IndexValue out;
  ElemValue exists;
};
inline WindowSource EmitWindowSource(EmitterContext& c, IndexValue i, IndexValue r, int64_t window,
                                     int64_t stride, int64_t dilation, int64_t pad,
                                     int64_t out_size) {
  using I = IndexOp;
  const IndexValue zero = c.Index(0);
  const IndexValue k = c.IndexArith(I::kSub, c.Index(window - 1), r);
  const IndexValue t = c.IndexArith(I::kSub, c.IndexArith(I::kAdd, i, c.Index(pad)),
                                    c.IndexArith(I::kMul, k, c.Index(dilation)));
  const IndexValue safe = c.IndexArith(I::kMax, t, zero);
  const IndexValue o = c.IndexArith(I::kDiv, safe, c.Index(stride));
  const ElemValue ok = c.Binary(
      ElemBinaryOp::kLogicalAnd,
      c.Binary(ElemBinaryOp::kLogicalAnd, c.IndexCompare(ElemCompare::kGe, t, zero),
               c.IndexCompare(ElemCompare::kEq, c.IndexArith(I::kRem, safe, c.Index(stride)),
                              zero)),
      c.IndexCompare(ElemCompare::kLt, o, c.Index(out_size)));
  return {k, c.IndexArith(I::kMin, o, c.Index(out_size - 1)), ok};
}

}  // namespace rill::nn

#endif  // RILL_OPS_NN_WINDOW_EMITTER_H_
