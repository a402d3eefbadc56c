// Shared shape-function building blocks: unchanged, broadcasting binary, matmul, scalar, rank
// checks.
#ifndef RILL_OPS_SHAPE_FNS_H_
#define RILL_OPS_SHAPE_FNS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/tensor_shape.h"
#include "ops/shape_context.h"

namespace rill::shape_fns {

// Largest constant (in elements) a shape function publishes with set_output_tensor.
inline constexpr int64_t kMaxPublishedElements = 1024;

// Output 0 has input 0's shape (Identity, Relu, ...).
absl::Status UnchangedShape(ShapeContext& c);
// Output 0 is input 0 itself (Identity, StopGradient): its shape, and any value published for
// it (a constant or a shape value) passes through to consumers' shape functions.
absl::Status ForwardInputShapeAndValue(ShapeContext& c);
// For ops without outputs (NoOp): nothing to infer.
absl::Status NoOutputs(ShapeContext& c);
// Output 0 is a scalar.
absl::Status ScalarShape(ShapeContext& c);
// Output 0 is the NumPy broadcast of inputs 0 and 1 (Add, Mul, ...). InvalidArgument
// "incompatible shapes for broadcasting: [2,3] vs [4]".
absl::Status BroadcastBinaryShape(ShapeContext& c);
// MatMul: inputs 0 (a) and 1 (b) are matrices, attrs transpose_a/transpose_b; output
// [rows of a, cols of b]. InvalidArgument "inner dims 3 vs 4 (a: [2,3], b: [4,5])".
absl::Status MatMulShape(ShapeContext& c);

// Reductions (Sum, Mean, Max, ...): input 0 is the data, input 1 the axes (int32/int64 scalar or
// vector, negative counts from the end), attr keep_dims. With constant axes the output is exact
// (reduced dims removed, or 1 with keep_dims); otherwise only the rank is known with keep_dims,
// and nothing without. InvalidArgument "invalid reduction axis 3 for input of rank 2" or for
// axes of rank > 1.
absl::Status ReductionShape(ShapeContext& c);

// `shape` if it has rank `rank` or unknown rank (then returns UnknownOfRank(rank)); otherwise
// InvalidArgument "<what> must have rank 2, got [2,3,4]".
absl::StatusOr<PartialShape> WithRank(const PartialShape& shape, int rank, absl::string_view what);

// Dim i of `shape`, or -1 (unknown) when the rank is unknown.
int64_t DimOrUnknown(const PartialShape& shape, int i);

}  // namespace rill::shape_fns

#endif  // RILL_OPS_SHAPE_FNS_H_
