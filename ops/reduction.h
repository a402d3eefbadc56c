// Reference-kernel helper for reductions over a set of axes (Sum, Mean, Max, Min, Prod): validates
// the axes tensor and maps every input element to the output element it reduces into.
#ifndef RILL_OPS_REDUCTION_H_
#define RILL_OPS_REDUCTION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"

namespace rill {

// What a reduction of an input shape over some axes produces.
struct ReductionPlan {
  std::vector<bool> reduced;  // per input dim
  TensorShape kept_shape;     // the input shape with reduced dims set to 1
  TensorShape output_shape;   // kept_shape, or without the reduced dims unless keep_dims
  int64_t reduced_count = 1;  // how many input elements reduce into each output element
};

// Validates `axes` (int32/int64 scalar or vector; values in [-rank, rank); duplicates allowed)
// against `input`. InvalidArgument "invalid reduction axis 3 for input of rank 2" (no node
// prefix: kernels wrap it with c.AddContext).
absl::StatusOr<ReductionPlan> MakeReductionPlan(const TensorShape& input, const Tensor& axes,
                                                bool keep_dims);

// Calls fn(in_index, out_index) for every input element in row-major order, where out_index is
// the flat index of the output element (of plan.output_shape) it reduces into.
template <typename Fn>
void ForEachReduced(const TensorShape& input, const ReductionPlan& plan, Fn&& fn) {
  const int rank = input.rank();
  // Output strides per input dim (0 for reduced dims), over the kept shape.
  std::vector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    if (!plan.reduced[d]) {
      strides[d] = stride;
      stride *= input.dim(d);
    }
  }
  const int64_t total = input.num_elements();
  std::vector<int64_t> index(rank, 0);
  int64_t out = 0;
  for (int64_t i = 0; i < total; ++i) {
    fn(i, out);
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < input.dim(d)) {
        out += strides[d];
        break;
      }
      out -= strides[d] * (input.dim(d) - 1);
      index[d] = 0;
    }
  }
}

}  // namespace rill

#endif  // RILL_OPS_REDUCTION_H_
