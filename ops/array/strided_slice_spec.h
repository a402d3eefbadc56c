// TensorFlow's strided-slice semantics in one place: turns StridedSlice's sparse spec (begin, end,
// strides and the five masks) into a dense, canonical per-dimension slice and the result shapes.
// Shared by the shape functions and kernels of StridedSlice and StridedSliceGrad.
#ifndef RILL_OPS_ARRAY_STRIDED_SLICE_SPEC_H_
#define RILL_OPS_ARRAY_STRIDED_SLICE_SPEC_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "ops/attr_slice.h"

namespace rill {

// The mask attrs (bit i refers to entry i of begin/end/strides).
struct StridedSliceMasks {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t ellipsis = 0;
  uint32_t new_axis = 0;
  uint32_t shrink_axis = 0;
};

// Reads begin_mask, end_mask, ellipsis_mask, new_axis_mask and shrink_axis_mask (TensorFlow keeps
// them as int32: -1 sets every bit). InvalidArgument for values outside int32.
absl::StatusOr<StridedSliceMasks> ReadStridedSliceMasks(const AttrSlice& attrs);

// The dense form of a strided slice over an input of known rank: one entry per input dim.
struct StridedSliceDense {
  // Canonical begin (in [0, dim] or [-1, dim-1] for negative strides) and end, when the begin and
  // end values were known and the dim is known; strides always.
  std::vector<int64_t> begin;
  std::vector<int64_t> end;
  std::vector<int64_t> strides;
  // Elements taken along each input dim (1 for a shrunk dim; -1 when unknown).
  PartialShape processing_shape;
  // The output shape: processing_shape without the shrunk dims, with a 1 for each new axis.
  PartialShape final_shape;
};

// TensorFlow's ValidateStridedSliceOp. `begin` and `end` may be null (values unknown); `strides`
// is required and all three have the same length (< 32). `input_shape` has a known rank; its dims
// may be -1. Errors are TensorFlow's: "Multiple ellipses in slice spec not allowed",
// "strides[1] must be non-zero", "slice index 5 of dimension 0 out of bounds.", "only stride 1
// allowed on non-range indexing.", "Index out of range using input dim 2; input has only 2 dims".
absl::StatusOr<StridedSliceDense> ComputeStridedSlice(const std::vector<int64_t>* begin,
                                                      const std::vector<int64_t>* end,
                                                      const std::vector<int64_t>& strides,
                                                      const PartialShape& input_shape,
                                                      const StridedSliceMasks& masks);

// The slice of a node whose begin, end and strides (inputs 1-3) are constants `begin`, `end`,
// `strides`, over `input_shape`, for the loop emitters. Unimplemented (the node then keeps its
// reference kernel, which reports any error at run time) when they are not constant or invalid.
absl::StatusOr<StridedSliceDense> ConstantStridedSlice(const Tensor* begin, const Tensor* end,
                                                       const Tensor* strides,
                                                       const TensorShape& input_shape,
                                                       const AttrSlice& attrs);

// For each input dim of a fully known slice, the output (final_shape) dim that walks it, or -1
// where the input dim yields one element (its coordinate is always 0). Dims yielding more than
// one element appear in the same order in both shapes: shrunk dims and new axes have exactly one.
std::vector<int> OutputDimOfEachInputDim(const StridedSliceDense& dense);

}  // namespace rill

#endif  // RILL_OPS_ARRAY_STRIDED_SLICE_SPEC_H_
