// Client builders for the reductions (Mean, Max, Min, Prod, ArgMax, ArgMin); owned by helper
// nn. Sum and ReductionAttrs {keep_dims} are in math_ops.h.
#ifndef RILL_OPS_REDUCE_OPS_H_
#define RILL_OPS_REDUCE_OPS_H_

#include "graph/scope.h"
#include "graph/types.pb.h"
#include "ops/math_ops.h"

namespace rill::ops {

// The mean of `input` over the dims in `axis` (an int32/int64 scalar or vector; negative counts
// from the end; duplicates are reduced once). A composite: Sum divided by the element count.
Output Mean(const Scope& scope, const Output& input, const Output& axis,
            const ReductionAttrs& attrs = {});
// The maximum of `input` over the dims in `axis` (NaN propagates; empty groups give -inf or the
// type's lowest value).
Output Max(const Scope& scope, const Output& input, const Output& axis,
           const ReductionAttrs& attrs = {});
// The minimum of `input` over the dims in `axis` (NaN propagates; empty groups give +inf or the
// type's largest value).
Output Min(const Scope& scope, const Output& input, const Output& axis,
           const ReductionAttrs& attrs = {});
// The product of `input` over the dims in `axis` (empty groups give 1).
Output Prod(const Scope& scope, const Output& input, const Output& axis,
            const ReductionAttrs& attrs = {});

// Optional attrs of ArgMax/ArgMin: ops::ArgMax(scope, x, dim, {.output_type = DT_INT32}).
struct ArgReductionAttrs {
  DataType output_type = DT_INT64;
};

// The index of the largest element of `input` along the scalar axis `dimension` (first index on
// ties). The output drops that axis.
Output ArgMax(const Scope& scope, const Output& input, const Output& dimension,
              const ArgReductionAttrs& attrs = {});
// The index of the smallest element of `input` along the scalar axis `dimension`.
Output ArgMin(const Scope& scope, const Output& input, const Output& dimension,
              const ArgReductionAttrs& attrs = {});

}  // namespace rill::ops

#endif  // RILL_OPS_REDUCE_OPS_H_
