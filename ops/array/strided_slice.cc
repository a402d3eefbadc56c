// StridedSlice: input[begin:end:strides] with TensorFlow's masks (begin/end masks, one ellipsis,
// new axes, shrunk axes; negative indices and strides) (TensorFlow's StridedSlice: inputs input,
// begin, end, strides: Index; attrs T, Index and the five masks). The spec logic lives in
// strided_slice_spec.h, shared with StridedSliceGrad.
#include <cstdint>
#include <optional>
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
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

absl::Status StridedSliceKernel(KernelContext& c);

// The sliced entries of a shape vector `value` (dense spec over its single dim), for publishing
// StridedSlice(Shape(x), ...) results such as tf.shape(x)[1].
void PublishSlicedShapeValue(ShapeContext& c, const StridedSliceDense& spec,
                             const PartialShape& value) {
  const int64_t count = spec.processing_shape.dim(0);
  if (count < 0 || spec.begin.size() != 1 || spec.final_shape.rank() > 1) return;
  std::vector<int64_t> dims;
  for (int64_t k = 0; k < count; ++k) {
    const int64_t idx = spec.begin[0] + k * spec.strides[0];
    if (idx < 0 || idx >= value.rank()) return;
    dims.push_back(value.dim(static_cast<int>(idx)));
  }
  if (spec.final_shape.rank() == 0) {
    if (dims.size() != 1 || dims[0] < 0) return;
    absl::StatusOr<Tensor> t =
        array_util::MakeIndexTensor(c.output_dtype(0), TensorShape(), {dims[0]});
    if (t.ok()) c.set_output_tensor(0, *std::move(t));
    return;
  }
  c.set_output_shape_value(0, PartialShape(std::move(dims)));
}

// 2. Shape function: TensorFlow's. Needs the input's rank and constant strides; constant begin
// and end make the dims exact.
absl::Status StridedSliceShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape begin_shape, shape_fns::WithRank(c.input(1), 1, "begin"));
  ASSIGN_OR_RETURN(PartialShape end_shape, shape_fns::WithRank(c.input(2), 1, "end"));
  ASSIGN_OR_RETURN(PartialShape strides_shape, shape_fns::WithRank(c.input(3), 1, "strides"));
  absl::StatusOr<PartialShape> len = begin_shape.Merge(end_shape);
  if (len.ok()) len = len->Merge(strides_shape);
  if (!len.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "begin, end and strides must have the same length, got ", begin_shape.DebugString(), ", ",
        end_shape.DebugString(), " and ", strides_shape.DebugString()));
  }
  const PartialShape& in = c.input(0);
  const Tensor* strides_t = c.input_tensor(3);
  if (!in.rank_known() || len->dim(0) < 0 || strides_t == nullptr) return absl::OkStatus();
  ASSIGN_OR_RETURN(StridedSliceMasks masks, ReadStridedSliceMasks(c.attrs()));
  ASSIGN_OR_RETURN(std::vector<int64_t> strides, array_util::IndexValues(*strides_t, "strides"));
  std::optional<std::vector<int64_t>> begin, end;
  if (const Tensor* t = c.input_tensor(1); t != nullptr) {
    ASSIGN_OR_RETURN(begin, array_util::IndexValues(*t, "begin"));
  }
  if (const Tensor* t = c.input_tensor(2); t != nullptr) {
    ASSIGN_OR_RETURN(end, array_util::IndexValues(*t, "end"));
  }
  const std::vector<int64_t>* b = begin.has_value() ? &*begin : nullptr;
  const std::vector<int64_t>* e = end.has_value() ? &*end : nullptr;
  ASSIGN_OR_RETURN(StridedSliceDense spec, ComputeStridedSlice(b, e, strides, in, masks));
  c.set_output(0, spec.final_shape);
  array_util::PublishConstantOutputs(c, StridedSliceKernel);
  if (in.rank() == 1 && c.input_tensor(0) == nullptr && b != nullptr && e != nullptr) {
    std::optional<PartialShape> value = array_util::KnownShapeValue(c, 0);
    if (value.has_value() && value->rank_known()) {
      absl::StatusOr<StridedSliceDense> on_value =
          ComputeStridedSlice(b, e, strides, PartialShape({value->rank()}), masks);
      if (on_value.ok()) PublishSlicedShapeValue(c, *on_value, *value);
    }
  }
  return absl::OkStatus();
}

// 3. Gradient: StridedSliceGrad scatters dy into zeros of x's shape; begin/end/strides get none.
absl::Status StridedSliceGrad(GradientContext& c) {
  const Scope& s = c.scope();
  ASSIGN_OR_RETURN(StridedSliceMasks m, ReadStridedSliceMasks(c.attrs()));
  const ops::StridedSliceAttrs attrs{.begin_mask = static_cast<int32_t>(m.begin),
                                     .end_mask = static_cast<int32_t>(m.end),
                                     .ellipsis_mask = static_cast<int32_t>(m.ellipsis),
                                     .new_axis_mask = static_cast<int32_t>(m.new_axis),
                                     .shrink_axis_mask = static_cast<int32_t>(m.shrink_axis)};
  const Output shape = ops::Shape(s, c.input(0), {.out_type = BaseType(c.input(1).dtype())});
  c.set_input_grad(
      0, ops::StridedSliceGrad(s, shape, c.input(1), c.input(2), c.input(3), c.grad(0), attrs));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: a strided gather over the processing shape.
absl::Status StridedSliceKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
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
      ComputeStridedSlice(&begin, &end, strides, x.shape().AsPartial(), masks);
  if (!spec.ok()) return c.AddContext(spec.status());
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::FromPartial(spec->final_shape));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  const std::vector<int64_t> in_strides = array_util::RowMajorStrides(x.shape().dims());
  std::vector<int64_t> steps(in_strides.size());
  int64_t base = 0;
  for (size_t d = 0; d < in_strides.size(); ++d) {
    if (spec->processing_shape.dim(static_cast<int>(d)) == 0) return absl::OkStatus();
    base += spec->begin[d] * in_strides[d];
    steps[d] = spec->strides[d] * in_strides[d];
  }
  return array_util::GatherStrided(c, x, out, 0, spec->processing_shape.dims(), steps, base);
}

// 5. Loop emitter (constant begin/end/strides): input coordinate d = begin[d] + strides[d] * the
//    output coordinate that walks input dim d (0 for dims yielding one element).
absl::Status StridedSliceEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(StridedSliceDense spec,
                   ConstantStridedSlice(c.constant_input(1), c.constant_input(2),
                                        c.constant_input(3), c.input_shape(0), c.attrs()));
  const std::vector<int> walk = OutputDimOfEachInputDim(spec);
  std::vector<IndexValue> index;
  for (size_t d = 0; d < walk.size(); ++d) {
    const IndexValue step = walk[d] < 0 ? c.Index(0) : c.output_index(walk[d]);
    index.push_back(c.IndexArith(IndexOp::kAdd, c.Index(spec.begin[d]),
                                 c.IndexArith(IndexOp::kMul, step, c.Index(spec.strides[d]))));
  }
  c.set_output(0, c.ReadInput(0, index));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("StridedSlice")
    .Input("input: T")
    .Input("begin: Index")
    .Input("end: Index")
    .Input("strides: Index")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Index: {int32, int64}")
    .Attr("begin_mask: int = 0")
    .Attr("end_mask: int = 0")
    .Attr("ellipsis_mask: int = 0")
    .Attr("new_axis_mask: int = 0")
    .Attr("shrink_axis_mask: int = 0")
    .SetShapeFn(StridedSliceShape)
    .SetGradient(StridedSliceGrad)
    .SetReferenceKernel(StridedSliceKernel)
    .SetLoopEmitter(StridedSliceEmitter)
    .Summary("input[begin:end:strides] with TensorFlow's slicing masks.");

namespace ops {

Output StridedSlice(const Scope& scope, const Output& input, const Output& begin, const Output& end,
                    const Output& strides, const StridedSliceAttrs& attrs) {
  return OpBuilder(scope, "StridedSlice")
      .Input(input)
      .Input(begin)
      .Input(end)
      .Input(strides)
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
