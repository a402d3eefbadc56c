// Slice: the block of a tensor starting at `begin` with `size` elements per dim, -1 meaning "to
// the end" (TensorFlow's Slice: inputs input, begin: Index, size: Index; attrs T, Index).
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// The size along dim i after resolving -1, checking TensorFlow's bounds: begin in [0, dim] and
// size in [0, dim - begin].
absl::StatusOr<int64_t> SliceSize(int i, int64_t dim, int64_t begin, int64_t size) {
  if (begin < 0 || begin > dim) {
    return absl::InvalidArgumentError(
        absl::StrCat("Expected begin[", i, "] in [0, ", dim, "], but got ", begin));
  }
  if (size == -1) return dim - begin;
  if (size < 0 || size > dim - begin) {
    return absl::InvalidArgumentError(
        absl::StrCat("Expected size[", i, "] in [0, ", dim - begin, "], but got ", size));
  }
  return size;
}

absl::Status SliceKernel(KernelContext& c);

// 2. Shape function: exact with constant sizes (and begins, for -1 sizes); a slice of a shape
// vector publishes the sliced shape value.
absl::Status SliceShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape begin_shape, shape_fns::WithRank(c.input(1), 1, "begin"));
  ASSIGN_OR_RETURN(PartialShape size_shape, shape_fns::WithRank(c.input(2), 1, "size"));
  absl::StatusOr<PartialShape> len = begin_shape.Merge(size_shape);
  if (!len.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("begin ", begin_shape.DebugString(),
                                                   " and size ", size_shape.DebugString(),
                                                   " must have the same length"));
  }
  PartialShape in = c.input(0);
  const int64_t ndims = len->dim(0);
  if (ndims >= 0) {
    ASSIGN_OR_RETURN(in, shape_fns::WithRank(in, static_cast<int>(ndims), "input"));
  }
  const Tensor* begin_t = c.input_tensor(1);
  const Tensor* size_t_ = c.input_tensor(2);
  if (size_t_ == nullptr) {
    std::optional<PartialShape> sizes = array_util::KnownShapeValue(c, 2);
    if (sizes.has_value() && sizes->rank_known()) {
      c.set_output(0, *sizes);  // a -1 (rest of the dim) counts as unknown here
    } else if (in.rank_known()) {
      c.set_output(0, PartialShape::UnknownOfRank(in.rank()));
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> sizes, array_util::IndexValues(*size_t_, "size"));
  std::optional<std::vector<int64_t>> begins;
  if (begin_t != nullptr) {
    ASSIGN_OR_RETURN(begins, array_util::IndexValues(*begin_t, "begin"));
  }
  std::vector<int64_t> dims(sizes.size(), -1);
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < -1) {
      return absl::InvalidArgumentError(absl::StrCat("Out of bounds slicing on dimension ", i,
                                                     ": sizes vector cannot be < -1, but was ",
                                                     sizes[i]));
    }
    const int64_t dim = in.rank_known() ? in.dim(static_cast<int>(i)) : -1;
    if (dim >= 0 && begins.has_value()) {
      ASSIGN_OR_RETURN(dims[i], SliceSize(static_cast<int>(i), dim, (*begins)[i], sizes[i]));
    } else if (sizes[i] >= 0) {
      dims[i] = sizes[i];
    }
  }
  c.set_output(0, PartialShape(dims));
  array_util::PublishConstantOutputs(c, SliceKernel);
  if (c.input_tensor(0) == nullptr && dims.size() == 1 && dims[0] >= 0 && begins.has_value()) {
    std::optional<PartialShape> value = array_util::KnownShapeValue(c, 0);
    if (value.has_value() && value->rank_known() && (*begins)[0] >= 0 &&
        (*begins)[0] + dims[0] <= value->rank()) {
      const auto first = value->dims().begin() + (*begins)[0];
      c.set_output_shape_value(0, PartialShape(std::vector<int64_t>(first, first + dims[0])));
    }
  }
  return absl::OkStatus();
}

// 3. Gradient: dy scattered back into zeros of x's shape: StridedSliceGrad with end = begin +
// Shape(dy) and unit strides (TensorFlow pads instead; this needs no Sub). begin/size get none.
absl::Status SliceGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& begin = c.input(1);
  const ops::ShapeAttrs index{.out_type = BaseType(begin.dtype())};
  const Output end = ops::AddV2(s, begin, ops::Shape(s, c.grad(0), index));
  c.set_input_grad(0, ops::StridedSliceGrad(s, ops::Shape(s, c.input(0), index), begin, end,
                                            ops::OnesLike(s, begin), c.grad(0)));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: a strided gather starting at begin.
absl::Status SliceKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  const Tensor& begin_t = c.input(1);
  const Tensor& size_t_ = c.input(2);
  const int rank = x.shape().rank();
  if (begin_t.shape().rank() != 1 || size_t_.shape().rank() != 1 ||
      begin_t.num_elements() != rank || size_t_.num_elements() != rank) {
    return c.InvalidArgument("Expected begin and size arguments to be 1-D tensors of size ", rank,
                             ", but got shapes ", begin_t.shape().DebugString(), " and ",
                             size_t_.shape().DebugString(), " instead.");
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> begin, array_util::IndexValues(begin_t, "begin"));
  ASSIGN_OR_RETURN(std::vector<int64_t> size, array_util::IndexValues(size_t_, "size"));
  const std::vector<int64_t> in_strides = array_util::RowMajorStrides(x.shape().dims());
  std::vector<int64_t> dims(rank);
  int64_t base = 0;
  for (int i = 0; i < rank; ++i) {
    absl::StatusOr<int64_t> s = SliceSize(i, x.shape().dim(i), begin[i], size[i]);
    if (!s.ok()) return c.AddContext(s.status());
    dims[i] = *s;
    base += begin[i] * in_strides[i];
  }
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::Create(dims));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  return array_util::GatherStrided(c, x, out, 0, dims, in_strides, base);
}

// 5. Loop emitter: output coordinate d reads input coordinate d + begin[d] (constant begin).
absl::Status SliceEmitter(EmitterContext& c) {
  const Tensor* begin_t = c.constant_input(1);
  if (begin_t == nullptr) return absl::UnimplementedError("begin is not a constant");
  ASSIGN_OR_RETURN(std::vector<int64_t> begin, array_util::IndexValues(*begin_t, "begin"));
  const TensorShape& in = c.input_shape(0);
  if (static_cast<int>(begin.size()) != in.rank()) return absl::UnimplementedError("rank");
  std::vector<IndexValue> index(in.rank());
  for (int d = 0; d < in.rank(); ++d) {
    index[d] = c.IndexArith(IndexOp::kAdd, c.output_index(d), c.Index(begin[d]));
  }
  c.set_output(0, c.ReadInput(0, index));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Slice")
    .Input("input: T")
    .Input("begin: Index")
    .Input("size: Index")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Index: {int32, int64}")
    .SetShapeFn(SliceShape)
    .SetGradient(SliceGrad)
    .SetReferenceKernel(SliceKernel)
    .SetLoopEmitter(SliceEmitter)
    .Summary("The block starting at begin with size elements per dim (-1: to the end).");

namespace ops {

Output Slice(const Scope& scope, const Output& input, const Output& begin, const Output& size) {
  return OpBuilder(scope, "Slice").Input(input).Input(begin).Input(size).Build().output(0);
}

}  // namespace ops
}  // namespace rill
