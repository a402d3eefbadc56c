// StridedSliceGrad: zeros of `shape` with dy scattered into the positions StridedSlice would read
// (TensorFlow's StridedSliceGrad: inputs shape, begin, end, strides: Index, dy: T; attrs as
// StridedSlice). StridedSlice's and Slice's gradients use it.
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array/strided_slice_spec.h"
#include "ops/array_ops.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: the shape that input `shape` describes (as far as it is known).
absl::Status StridedSliceGradShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape out, c.MakeShapeFromShapeTensor(0));
  c.set_output(0, std::move(out));
  return absl::OkStatus();
}

// 3. Gradient: the slice of the incoming gradient (the op is linear in dy); the integer inputs
// get none.
absl::Status StridedSliceGradGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(StridedSliceMasks m, ReadStridedSliceMasks(c.attrs()));
  const ops::StridedSliceAttrs attrs{.begin_mask = static_cast<int32_t>(m.begin),
                                     .end_mask = static_cast<int32_t>(m.end),
                                     .ellipsis_mask = static_cast<int32_t>(m.ellipsis),
                                     .new_axis_mask = static_cast<int32_t>(m.new_axis),
                                     .shrink_axis_mask = static_cast<int32_t>(m.shrink_axis)};
  c.set_input_grad(
      4, ops::StridedSlice(c.scope(), c.grad(0), c.input(1), c.input(2), c.input(3), attrs));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: a strided scatter over the processing shape.
absl::Status StridedSliceGradKernel(KernelContext& c) {
  const Tensor& shape_t = c.input(0);
  const Tensor& dy = c.input(4);
  if (shape_t.shape().rank() != 1) {
    return c.InvalidArgument("shape must be 1-D, got shape ", shape_t.shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> dims, array_util::IndexValues(shape_t, "shape"));
  absl::StatusOr<TensorShape> x_shape = TensorShape::Create(dims);
  if (!x_shape.ok()) return c.AddContext(x_shape.status());
  for (int i = 1; i <= 3; ++i) {
    if (c.input(i).shape().rank() != 1) {
      return c.InvalidArgument(
          "Expected begin, end, and strides to be 1D equal size tensors, but got shapes ",
          c.input(1).shape().DebugString(), ", ", c.input(2).shape().DebugString(), ", and ",
          c.input(3).shape().DebugString(), " instead.");
    }
  }
  ASSIGN_OR_RETURN(StridedSliceMasks masks, ReadStridedSliceMasks(c.attrs()));
  ASSIGN_OR_RETURN(std::vector<int64_t> begin, array_util::IndexValues(c.input(1), "begin"));
  ASSIGN_OR_RETURN(std::vector<int64_t> end, array_util::IndexValues(c.input(2), "end"));
  ASSIGN_OR_RETURN(std::vector<int64_t> strides, array_util::IndexValues(c.input(3), "strides"));
  absl::StatusOr<StridedSliceDense> spec =
      ComputeStridedSlice(&begin, &end, strides, x_shape->AsPartial(), masks);
  if (!spec.ok()) return c.AddContext(spec.status());
  if (spec->final_shape != dy.shape().AsPartial()) {
    return c.InvalidArgument("shape of dy was ", dy.shape().DebugString(), " instead of ",
                             spec->final_shape.DebugString());
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *x_shape));
  const std::vector<int64_t> out_strides = array_util::RowMajorStrides(dims);
  std::vector<int64_t> steps(dims.size());
  int64_t base = 0;
  for (size_t d = 0; d < dims.size(); ++d) {
    if (spec->processing_shape.dim(static_cast<int>(d)) == 0) return absl::OkStatus();
    base += spec->begin[d] * out_strides[d];
    steps[d] = spec->strides[d] * out_strides[d];
  }
  return array_util::ScatterStrided(c, dy, 0, out, spec->processing_shape.dims(), steps, base);
}

// 5. Loop emitter (constant shape/begin/end/strides), the kernel's scatter as a gather: output
//    coordinate x of dim d is slice element q = (x - begin) / stride when that division is exact
//    and q is in range; the element is dy at those q's, or zero where any dim misses.
absl::Status StridedSliceGradEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(StridedSliceDense spec,
                   ConstantStridedSlice(c.constant_input(1), c.constant_input(2),
                                        c.constant_input(3), c.output_shape(), c.attrs()));
  const DataType dtype = c.output_dtype(0);
  const std::vector<int> walk = OutputDimOfEachInputDim(spec);
  for (int64_t d : spec.processing_shape.dims()) {
    if (d == 0) {  // nothing is sliced: all zeros (and dy is empty: never read it)
      c.set_output(0, c.Constant(dtype, 0));
      return absl::OkStatus();
    }
  }
  std::vector<IndexValue> dy_index(c.input_shape(4).rank(), c.Index(0));
  ElemValue hit = c.Constant(DT_BOOL, 1);
  for (size_t d = 0; d < walk.size(); ++d) {
    const int64_t stride = spec.strides[d];
    const IndexValue x = c.output_index(static_cast<int>(d));
    const IndexValue begin = c.Index(spec.begin[d]);
    // Distance from begin in the stride's direction (negative: before the slice starts).
    const IndexValue off = stride > 0 ? c.IndexArith(IndexOp::kSub, x, begin)
                                      : c.IndexArith(IndexOp::kSub, begin, x);
    const IndexValue step = c.Index(stride > 0 ? stride : -stride);
    const IndexValue q = c.IndexArith(IndexOp::kDiv, off, step);
    ElemValue ok = c.IndexCompare(ElemCompare::kGe, off, c.Index(0));
    ok = c.Binary(ElemBinaryOp::kLogicalAnd, ok,
                  c.IndexCompare(ElemCompare::kEq, c.IndexArith(IndexOp::kRem, off, step),
                                 c.Index(0)));
    ok = c.Binary(ElemBinaryOp::kLogicalAnd, ok,
                  c.IndexCompare(ElemCompare::kLt, q,
                                 c.Index(spec.processing_shape.dim(static_cast<int>(d)))));
    hit = c.Binary(ElemBinaryOp::kLogicalAnd, hit, ok);
    if (walk[d] >= 0) dy_index[walk[d]] = c.IndexSelect(ok, q, c.Index(0));
  }
  c.set_output(0, c.Select(hit, c.ReadInput(4, dy_index), c.Constant(dtype, 0)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("StridedSliceGrad")
    .Input("shape: Index")
    .Input("begin: Index")
    .Input("end: Index")
    .Input("strides: Index")
    .Input("dy: T")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Index: {int32, int64}")
    .Attr("begin_mask: int = 0")
    .Attr("end_mask: int = 0")
    .Attr("ellipsis_mask: int = 0")
    .Attr("new_axis_mask: int = 0")
    .Attr("shrink_axis_mask: int = 0")
    .SetShapeFn(StridedSliceGradShape)
    .SetGradient(StridedSliceGradGrad)
    .SetReferenceKernel(StridedSliceGradKernel)
    .SetLoopEmitter(StridedSliceGradEmitter)
    .Summary("Zeros of shape with dy written where StridedSlice would read.");

namespace ops {

Output StridedSliceGrad(const Scope& scope, const Output& shape, const Output& begin,
                        const Output& end, const Output& strides, const Output& dy,
                        const StridedSliceAttrs& attrs) {
  return OpBuilder(scope, "StridedSliceGrad")
      .Input(shape)
      .Input(begin)
      .Input(end)
      .Input(strides)
      .Input(dy)
      .Attr("T", BaseType(dy.dtype()))
      .Attr("begin_mask", attrs.begin_mask)
      .Attr("end_mask", attrs.end_mask)
      .Attr("ellipsis_mask", attrs.ellipsis_mask)
      .Attr("new_axis_mask", attrs.new_axis_mask)
      .Attr("shrink_axis_mask", attrs.shrink_axis_mask)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
