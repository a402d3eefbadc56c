// The loop emitter shared by the reductions (Sum, Max, Min, Prod): for the output element being
// computed, loop over the reduced input dims in row-major order — the order the reference kernels
// accumulate in (ForEachReduced), so compiled results are bitwise equal.
#ifndef RILL_OPS_REDUCTION_EMITTER_H_
#define RILL_OPS_REDUCTION_EMITTER_H_

#include <functional>
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

}  // namespace rill

#endif  // RILL_OPS_REDUCTION_EMITTER_H_
