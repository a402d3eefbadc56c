// Client builders for the array ops: plumbing (Const, Placeholder, Identity, StopGradient, ...)
// and shape ops (Shape, Reshape, Fill, ZerosLike, ...).
// Each returns the op's Output (invalid after an error, which the Scope keeps; see graph/scope.h).
#ifndef RILL_OPS_ARRAY_OPS_H_
#define RILL_OPS_ARRAY_OPS_H_

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"

namespace rill::ops {

// Element types Const accepts from C++ values.
template <typename T>
concept ConstElement = std::same_as<T, float> || std::same_as<T, double> ||
    std::same_as<T, int32_t> || std::same_as<T, int64_t> || std::same_as<T, uint8_t> ||
    std::same_as<T, bool> || std::same_as<T, std::string>;

// A Const holding `value` (its dtype and shape).
Output Const(const Scope& scope, const Tensor& value);
// A string scalar Const.
Output Const(const Scope& scope, const char* value);

namespace internal {
// Const(value) or, if `value` is an error, records it in the scope.
Output ConstOrError(const Scope& scope, const absl::StatusOr<Tensor>& value);
}  // namespace internal

// A scalar Const: Const(scope, 1.5f) is a float scalar, Const(scope, 3) an int32 scalar.
template <ConstElement T>
Output Const(const Scope& scope, const T& value) {
  return Const(scope, Tensor::Scalar<T>(value));
}

// A 1-D Const: Const(scope, {1.f, 2.f}).
template <ConstElement T>
Output Const(const Scope& scope, std::initializer_list<T> values) {
  return internal::ConstOrError(
      scope, Tensor::FromVector<T>(std::vector<T>(values),
                                   TensorShape({static_cast<int64_t>(values.size())})));
}

// A 2-D Const from rows: Const(scope, {{1.f, 2.f}, {3.f, 4.f}}). Ragged rows are an error.
template <ConstElement T>
Output Const(const Scope& scope, std::initializer_list<std::initializer_list<T>> rows) {
  std::vector<T> flat;
  const size_t cols = rows.size() == 0 ? 0 : rows.begin()->size();
  for (const auto& row : rows) {
    if (row.size() != cols) {
      return internal::ConstOrError(
          scope, absl::InvalidArgumentError(absl::StrCat("ragged initializer: rows have ", cols,
                                                         " and ", row.size(), " values")));
    }
    flat.insert(flat.end(), row.begin(), row.end());
  }
  return internal::ConstOrError(
      scope, Tensor::FromVector<T>(flat, TensorShape({static_cast<int64_t>(rows.size()),
                                                      static_cast<int64_t>(cols)})));
}

// A Const of `shape` from row-major `values` (their count must match the shape).
template <ConstElement T>
Output Const(const Scope& scope, const std::vector<T>& values, const TensorShape& shape) {
  return internal::ConstOrError(scope, Tensor::FromVector<T>(values, shape));
}

// Optional attrs of Placeholder: ops::Placeholder(scope, DT_FLOAT, {.shape = {-1, 784}}).
struct PlaceholderAttrs {
  // Unknown rank by default; -1 marks an unknown dim.
  PartialShape shape;
};

// A value fed at run time.
Output Placeholder(const Scope& scope, DataType dtype, const PlaceholderAttrs& attrs = {});

// `input` unless fed; `shape` is what a feed must match (input must be compatible with it).
Output PlaceholderWithDefault(const Scope& scope, const Output& input, const PartialShape& shape);

// Its input, unchanged.
Output Identity(const Scope& scope, const Output& input);

// Optional attrs of Shape: the output dtype (int32 or int64).
struct ShapeAttrs {
  DataType out_type = DT_INT32;
};
// The shape of `input` as a 1-D integer tensor.
Output Shape(const Scope& scope, const Output& input, const ShapeAttrs& attrs = {});

// `tensor` with the dims in `shape` (a 1-D int32/int64 tensor; one entry may be -1).
Output Reshape(const Scope& scope, const Output& tensor, const Output& shape);

// A tensor of shape `dims` (1-D int32/int64) filled with the scalar `value`.
Output Fill(const Scope& scope, const Output& dims, const Output& value);

// Zeros / ones of `x`'s dtype and shape.
Output ZerosLike(const Scope& scope, const Output& x);
Output OnesLike(const Scope& scope, const Output& x);

// The two outputs of BroadcastGradientArgs: the axes to sum over for each input's gradient.
struct BroadcastGradientArgsOutputs {
  Output r0;
  Output r1;
};
// For shapes s0 and s1 (1-D int32/int64) broadcast together, the reduction axes of each side.
BroadcastGradientArgsOutputs BroadcastGradientArgs(const Scope& scope, const Output& s0,
                                                   const Output& s1);

// Its input; no gradient flows back through it.
Output StopGradient(const Scope& scope, const Output& input);
// Its input; asking for a gradient through it is an error carrying `message`.
Output PreventGradient(const Scope& scope, const Output& input, absl::string_view message = "");


// ---- Shape ops, IdentityN and debug printing (the array family, ops/array/*.cc) ----

// x with its dims permuted: output dim i is input dim perm[i] (perm: 1-D int32/int64).
Output Transpose(const Scope& scope, const Output& x, const Output& perm);
// The inverse of the permutation x (1-D int32/int64): y[x[i]] = i.
Output InvertPermutation(const Scope& scope, const Output& x);

// `input` with a dim of size 1 inserted at `dim` (int32/int64 scalar; -1 appends).
Output ExpandDims(const Scope& scope, const Output& input, const Output& dim);

// Optional attrs of Squeeze.
struct SqueezeAttrs {
  // The dims of size 1 to remove (negative counts from the end); empty removes every size-1 dim.
  std::vector<int64_t> squeeze_dims;
};
// `input` without dims of size 1.
Output Squeeze(const Scope& scope, const Output& input, const SqueezeAttrs& attrs = {});

// `values` (at least two, one dtype) concatenated along `axis` (int32/int64 scalar).
Output ConcatV2(const Scope& scope, const std::vector<Output>& values, const Output& axis);
// Where each of `shapes` (int32 vectors, at least two) starts in their concatenation along
// `concat_dim` (int32 scalar): one offset vector per shape (ConcatV2's gradient uses it).
std::vector<Output> ConcatOffset(const Scope& scope, const Output& concat_dim,
                                 const std::vector<Output>& shapes);

// Optional attrs of Pack and Unpack.
struct PackAttrs {
  // Where the new (Pack) or removed (Unpack) dim is; negative counts from the end.
  int64_t axis = 0;
};
// `values` (at least one, same dtype and shape) stacked along a new dim `axis`.
Output Pack(const Scope& scope, const std::vector<Output>& values, const PackAttrs& attrs = {});
// The `num` slices of `value` along dim `axis` (whose size must be num), that dim removed.
std::vector<Output> Unpack(const Scope& scope, const Output& value, int64_t num,
                           const PackAttrs& attrs = {});

// The block of `input` starting at `begin` with `size` elements per dim (1-D int32/int64, the
// same dtype; a size of -1 takes the rest of the dim).
Output Slice(const Scope& scope, const Output& input, const Output& begin, const Output& size);

// The masks of StridedSlice (bit i refers to entry i of begin/end/strides): TensorFlow's
// semantics, e.g. x[1:, ..., ::-1, tf.newaxis, 3].
struct StridedSliceAttrs {
  int64_t begin_mask = 0;        // ignore begin[i]: start at the first (or last) element
  int64_t end_mask = 0;          // ignore end[i]: run to the end (or start)
  int64_t ellipsis_mask = 0;     // entry i stands for as many full dims as needed (one bit max)
  int64_t new_axis_mask = 0;     // entry i inserts a dim of size 1
  int64_t shrink_axis_mask = 0;  // entry i takes the single index begin[i] and drops the dim
};
// input[begin:end:strides] (1-D int32/int64, one entry per slice spec entry).
Output StridedSlice(const Scope& scope, const Output& input, const Output& begin,
                    const Output& end, const Output& strides, const StridedSliceAttrs& attrs = {});
// StridedSlice's gradient: zeros of `shape` with dy scattered into the sliced positions.
Output StridedSliceGrad(const Scope& scope, const Output& shape, const Output& begin,
                        const Output& end, const Output& strides, const Output& dy,
                        const StridedSliceAttrs& attrs = {});

// `input` padded with zeros: paddings (int32/int64, [rank, 2]) gives the count before and after
// each dim.
Output Pad(const Scope& scope, const Output& input, const Output& paddings);
// As Pad, with the scalar `constant_values` instead of zeros.
Output PadV2(const Scope& scope, const Output& input, const Output& paddings,
             const Output& constant_values);

// `input` repeated multiples[i] times along dim i (multiples: 1-D int32/int64).
Output Tile(const Scope& scope, const Output& input, const Output& multiples);

// The shapes of `inputs` (at least one, one dtype), one 1-D tensor each.
std::vector<Output> ShapeN(const Scope& scope, const std::vector<Output>& inputs,
                           const ShapeAttrs& attrs = {});
// The rank of `input`, an int32 scalar.
Output Rank(const Scope& scope, const Output& input);
// Optional attrs of Size: the output dtype (int32 or int64).
struct SizeAttrs {
  DataType out_type = DT_INT32;
};
// The number of elements of `input`, a scalar.
Output Size(const Scope& scope, const Output& input, const SizeAttrs& attrs = {});

// [start, start + delta, ...) up to (not including) limit; scalars of one dtype (float, double,
// int32, int64).
Output Range(const Scope& scope, const Output& start, const Output& limit, const Output& delta);

// Optional attrs of OneHot.
struct OneHotAttrs {
  // Where the new dim of size depth goes; -1 appends it.
  int64_t axis = -1;
};
// on_value where indices[...] == j along a new dim of size `depth` (int32 scalar), off_value
// elsewhere (indices outside [0, depth) give a row of off_value).
Output OneHot(const Scope& scope, const Output& indices, const Output& depth,
              const Output& on_value, const Output& off_value, const OneHotAttrs& attrs = {});

// `input` broadcast (NumPy rules) to `shape` (1-D int32/int64).
Output BroadcastTo(const Scope& scope, const Output& input, const Output& shape);

// Its inputs unchanged (any dtypes), one output each; gradients pass through.
std::vector<Output> IdentityN(const Scope& scope, const std::vector<Output>& inputs);

// Optional attrs of PrintV2.
struct PrintV2Attrs {
  // "stderr", "stdout", "log(info)", "log(warning)", "log(error)" or "file://<path>" (appends);
  // see ops/array/print_sink.h for redirecting all debug printing.
  std::string output_stream = "stderr";
  // Written after the string.
  std::string end = "\n";
};
// Prints the string scalar `input` when run (a stateful, host-only op without outputs; use its
// Operation as a control dependency).
Operation PrintV2(const Scope& scope, const Output& input, const PrintV2Attrs& attrs = {});

// Optional attrs of StringFormat.
struct StringFormatAttrs {
  // The text; each `placeholder` in it is replaced by the next input, summarized.
  std::string template_text = "%s";
  std::string placeholder = "%s";
  // Elements shown at each end of every dim before "..." (negative: all).
  int64_t summarize = 3;
};
// A string scalar formatting `inputs` into the template (for PrintV2, like tf.print).
Output StringFormat(const Scope& scope, const std::vector<Output>& inputs,
                    const StringFormatAttrs& attrs = {});

}  // namespace rill::ops

#endif  // RILL_OPS_ARRAY_OPS_H_
