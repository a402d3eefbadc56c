// NumPy broadcasting for reference kernels: the broadcast output shape of several input shapes,
// and a row-major walk over the output that keeps the matching flat offset into every input.
// Shared by every binary (and ternary: SelectV2) element-wise kernel.
#ifndef RILL_OPS_BROADCAST_H_
#define RILL_OPS_BROADCAST_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "graph/tensor_shape.h"

namespace rill {

// The NumPy broadcast of `shapes` (right-aligned; a dim of 1 stretches). InvalidArgument
// "incompatible shapes for broadcasting: [2,3] vs [2]" (the shape functions' wording).
absl::StatusOr<TensorShape> BroadcastTensorShapes(absl::Span<const TensorShape> shapes);

// The strides (in elements) of a row-major tensor of shape `in` seen through the index space of
// `out` (which `in` broadcasts to): one entry per dim of `out`, 0 for dims `in` lacks or
// stretches from 1.
std::vector<int64_t> BroadcastStrides(const TensorShape& in, const TensorShape& out);

// Calls fn(out_index, in_offsets) for every element of `out` in row-major order, where
// in_offsets[k] (std::array<int64_t, N>) is the flat index of the element of inputs[k] that
// broadcasts to it. Every input must broadcast to `out` (see BroadcastTensorShapes).
template <size_t N, typename Fn>
void ForEachBroadcastIndex(const TensorShape& out, const std::array<TensorShape, N>& inputs,
                           Fn&& fn) {
  const int64_t total = out.num_elements();
  if (total == 0) return;
  const int rank = out.rank();
  std::array<std::vector<int64_t>, N> strides;
  for (size_t k = 0; k < N; ++k) strides[k] = BroadcastStrides(inputs[k], out);
  std::vector<int64_t> index(rank, 0);
  std::array<int64_t, N> offsets{};
  for (int64_t i = 0; i < total; ++i) {
    fn(i, static_cast<const std::array<int64_t, N>&>(offsets));
    // Advance the multi-index like an odometer, adjusting each input's offset.
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < out.dim(d)) {
        for (size_t k = 0; k < N; ++k) offsets[k] += strides[k][d];
        break;
      }
      for (size_t k = 0; k < N; ++k) offsets[k] -= strides[k][d] * (out.dim(d) - 1);
      index[d] = 0;
    }
  }
}

}  // namespace rill

#endif  // RILL_OPS_BROADCAST_H_
