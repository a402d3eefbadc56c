// Helpers shared by the array-family op files: reading index tensors, axis canonicalisation,
// strided row-major walks for data-movement kernels, and publishing constant outputs from shape
// functions so that shape arithmetic (Pack, Slice, Range, ...) folds while the graph is built.
#ifndef RILL_OPS_ARRAY_ARRAY_UTIL_H_
#define RILL_OPS_ARRAY_ARRAY_UTIL_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "ops/kernel_context.h"
#include "ops/op_registry.h"
#include "ops/shape_context.h"

namespace rill::array_util {

// The elements of an int32/int64 tensor (any rank), row-major, as int64. InvalidArgument
// "<what> must be int32 or int64, got float" for another dtype.
absl::StatusOr<std::vector<int64_t>> IndexValues(const Tensor& t, absl::string_view what);

// An int32 or int64 tensor of `shape` holding `values`; InvalidArgument when a value does not
// fit int32 (or the count does not match the shape).
absl::StatusOr<Tensor> MakeIndexTensor(DataType dtype, const TensorShape& shape,
                                       absl::Span<const int64_t> values);

// `axis` in [-rank, rank) mapped to [0, rank); otherwise InvalidArgument
// "<what> <axis> is out of range [-rank, rank)".
absl::StatusOr<int64_t> CanonicalAxis(int64_t axis, int64_t rank, absl::string_view what);

// Row-major strides (in elements) of a tensor with `dims`.
std::vector<int64_t> RowMajorStrides(absl::Span<const int64_t> dims);

// Calls fn(k, offset) for k = 0, 1, ... over every multi-index of `dims` in row-major order, with
// offset = base + sum_d index[d] * strides[d] (strides may be negative or zero). The walk behind
// transposes, slices, strided slices, padding and broadcasts.
template <typename Fn>
void ForEachStrided(absl::Span<const int64_t> dims, absl::Span<const int64_t> strides, int64_t base,
                    Fn&& fn) {
  int64_t total = 1;
  for (int64_t d : dims) total *= d;
  if (total == 0) return;
  const int rank = static_cast<int>(dims.size());
  std::vector<int64_t> index(rank, 0);
  int64_t offset = base;
  for (int64_t k = 0; k < total; ++k) {
    fn(k, offset);
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < dims[d]) {
        offset += strides[d];
        break;
      }
      offset -= strides[d] * (dims[d] - 1);
      index[d] = 0;
    }
  }
}

// Data movement for kernels, for every host dtype but resource (Unimplemented naming the node):
// out[out_start + k] = in[offset_k] for the k-th offset of ForEachStrided(dims, strides, base).
absl::Status GatherStrided(const KernelContext& c, const Tensor& in, Tensor& out, int64_t out_start,
                           absl::Span<const int64_t> dims, absl::Span<const int64_t> strides,
                           int64_t base);
// The inverse walk: out[offset_k] = in[in_start + k].
absl::Status ScatterStrided(const KernelContext& c, const Tensor& in, int64_t in_start, Tensor& out,
                            absl::Span<const int64_t> dims, absl::Span<const int64_t> strides,
                            int64_t base);

// The value of `output` when it is known while building (a Const, or an output whose shape
// function published its value); else null. The pointer lives as long as the scope's refiner
// keeps the node.
const Tensor* KnownValue(const Scope& scope, const Output& output);

// For shape functions of ops that compute with small integer tensors (shape arithmetic): when the
// value of every input is known (ShapeContext::input_tensor), runs `kernel` on those values and
// publishes each int32/int64 output of at most shape_fns::kMaxPublishedElements elements with
// set_output_tensor. Kernel errors are ignored here (the same kernel reports them at run time).
void PublishConstantOutputs(ShapeContext& c, const ReferenceKernelFn& kernel);

// The dims a 1-D integer input describes, as far as known (ShapeContext::
// MakeShapeFromShapeTensor), or nullopt when that input is not a shape-like vector (wrong rank or
// dtype, or values below -1).
std::optional<PartialShape> KnownShapeValue(const ShapeContext& c, int i);

}  // namespace rill::array_util

#endif  // RILL_OPS_ARRAY_ARRAY_UTIL_H_
