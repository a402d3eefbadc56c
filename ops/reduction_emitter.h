// The loop emitter shared by the reductions (Sum, Max, Min, Prod): for the output element being
// computed, loop over the reduced input dims in row-major order — the order the reference kernels
// accumulate in (ForEachReduced), so compiled results are bitwise equal.
#ifndef RILL_OPS_REDUCTION_EMITTER_H_
#define RILL_OPS_REDUCTION_EMITTER_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "base/status_macros.h"
#include "ops/emitter_context.h"
#include "ops/reduction.h"

namespace rill {

// acc = init; for each reduced element x (row-major): acc = combine(acc, x). Needs a constant axes
// input (input 1); Unimplemented otherwise (the node then runs on its reference kernel).
// `init` is a value of the output dtype.
inline absl::Status EmitReduction(
    EmitterContext& c, ElemValue init,
    const std::function<ElemValue(EmitterContext&, ElemValue acc, ElemValue x)>& combine) {
  const Tensor* axes = c.constant_input(1);
  if (axes == nullptr) return absl::UnimplementedError("reduction axes are not a constant");
  ASSIGN_OR_RETURN(const bool keep_dims, c.attrs().GetBool("keep_dims"));
  const TensorShape& in = c.input_shape(0);
  ASSIGN_OR_RETURN(ReductionPlan plan, MakeReductionPlan(in, *axes, keep_dims));
  const int rank = in.rank();
  std::vector<IndexValue> index(rank);
  int out_dim = 0;
  std::vector<int> reduced;
  for (int d = 0; d < rank; ++d) {
    if (plan.reduced[d]) {
      reduced.push_back(d);
      if (keep_dims) ++out_dim;
    } else {
      index[d] = c.output_index(out_dim++);
    }
  }
  // Nested loops over the reduced dims, outermost first.
  std::function<ElemValue(size_t, ElemValue)> nest = [&](size_t level, ElemValue acc) {
    if (level == reduced.size()) return combine(c, acc, c.ReadInput(0, index));
    return c.Loop(in.dim(reduced[level]), {acc},
                  [&](IndexValue r, const std::vector<ElemValue>& carried) {
                    index[reduced[level]] = r;
                    return std::vector<ElemValue>{nest(level + 1, carried[0])};
                  })[0];
  };
  c.set_output(0, nest(0, init));
  return absl::OkStatus();
}

// Max (is_max) and Min: the kernels' fold from their init (-inf/+inf, or the integer type's
// extreme): a NaN sticks, then x > acc (x < acc) ? x : acc.
inline absl::Status EmitExtremumReduction(EmitterContext& c, bool is_max) {
  const DataType t = c.output_dtype(0);
  const bool fp = t == DT_FLOAT || t == DT_DOUBLE;
  ElemValue init;
  if (fp) {
    const double inf = std::numeric_limits<double>::infinity();
    init = c.Constant(t, is_max ? -inf : inf);
  } else {
    // Through an index: int64's extremes are not doubles.
    using I32 = std::numeric_limits<int32_t>;
    using I64 = std::numeric_limits<int64_t>;
    int64_t v = 0;
    if (t == DT_INT32) v = is_max ? I32::lowest() : I32::max();
    if (t == DT_INT64) v = is_max ? I64::lowest() : I64::max();
    if (t == DT_UINT8) v = is_max ? 0 : std::numeric_limits<uint8_t>::max();
    init = c.IndexToValue(c.Index(v), t);
  }
  const ElemCompare wins = is_max ? ElemCompare::kGt : ElemCompare::kLt;
  return EmitReduction(c, init, [fp, wins](EmitterContext& e, ElemValue acc, ElemValue x) {
    ElemValue r = e.Select(e.Compare(wins, x, acc), x, acc);
    if (fp) {
      r = e.Select(e.Unary(ElemUnaryOp::kIsNan, x), x, r);
      r = e.Select(e.Unary(ElemUnaryOp::kIsNan, acc), acc, r);
    }
    return r;
  });
}

// ArgMax/ArgMin: the index of the first element that no later one is `better_cmp` than, along
// the constant `dimension` (input 1); a NaN, once best, stays best (the kernels' rule:
// better(x, best) = !isnan(best) && (isnan(x) || x <cmp> best)).
inline absl::Status EmitArgReduction(EmitterContext& c, ElemCompare better_cmp) {
  const Tensor* axis_t = c.constant_input(1);
  if (axis_t == nullptr) return absl::UnimplementedError("dimension is not a constant");
  const TensorShape& in = c.input_shape(0);
  const int rank = in.rank();
  if (axis_t->num_elements() != 1) return absl::UnimplementedError("dimension (kernel reports)");
  const int64_t a = axis_t->dtype() == DT_INT64 ? axis_t->data<int64_t>()[0]
                                                : int64_t{axis_t->data<int32_t>()[0]};
  if (a < -rank || a >= rank || in.dim(static_cast<int>(a < 0 ? a + rank : a)) == 0) {
    return absl::UnimplementedError("dimension (the kernel reports it)");
  }
  const int axis = static_cast<int>(a < 0 ? a + rank : a);
  std::vector<IndexValue> index(rank);
  for (int d = 0, o = 0; d < rank; ++d) index[d] = d == axis ? c.Index(0) : c.output_index(o++);
  const ElemValue first = c.ReadInput(0, index);
  const bool fp = first.dtype == DT_FLOAT || first.dtype == DT_DOUBLE;
  const std::vector<ElemValue> best = c.Loop(
      in.dim(axis), {first, c.Constant(DT_INT64, 0)},
      [&](IndexValue k, const std::vector<ElemValue>& acc) {
        index[axis] = k;
        const ElemValue x = c.ReadInput(0, index);
        ElemValue better = c.Compare(better_cmp, x, acc[0]);
        if (fp) {
          better = c.Binary(
              ElemBinaryOp::kLogicalAnd,
              c.Unary(ElemUnaryOp::kLogicalNot, c.Unary(ElemUnaryOp::kIsNan, acc[0])),
              c.Binary(ElemBinaryOp::kLogicalOr, c.Unary(ElemUnaryOp::kIsNan, x), better));
        }
        return std::vector<ElemValue>{c.Select(better, x, acc[0]),
                                      c.Select(better, c.IndexToValue(k, DT_INT64), acc[1])};
      });
  c.set_output(0, c.Cast(best[1], c.output_dtype(0)));
  return absl::OkStatus();
}

}  // namespace rill

#endif  // RILL_OPS_REDUCTION_EMITTER_H_
