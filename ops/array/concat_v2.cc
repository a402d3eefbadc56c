// ConcatV2: joins N tensors along dim `axis` (TensorFlow's ConcatV2, tf.concat: inputs values:
// N * T, axis: Tidx; attrs N, T, Tidx).
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

absl::StatusOr<int64_t> ConcatAxis(int64_t axis, int64_t rank) {
  if (rank == 0) {
    return absl::InvalidArgumentError("Can't concatenate scalars (use tf.stack instead)");
  }
  if (axis < -rank || axis >= rank) {
    return absl::InvalidArgumentError(
        absl::StrCat("Expected concatenating dimensions in the range [", -rank, ", ", rank,
                     "), but got ", axis));
  }
  return axis < 0 ? axis + rank : axis;
}

absl::Status ConcatV2Kernel(KernelContext& c);

// Concatenated shape values of 1-D integer inputs (Concat of Shape outputs and constants), for
// consumers like Reshape; nullopt when some input's value is not even rank-known.
std::optional<PartialShape> ConcatShapeValues(const ShapeContext& c, int n) {
  std::vector<int64_t> dims;
  for (int i = 0; i < n; ++i) {
    std::optional<PartialShape> v = array_util::KnownShapeValue(c, i);
    if (!v.has_value() || !v->rank_known()) return std::nullopt;
    dims.insert(dims.end(), v->dims().begin(), v->dims().end());
  }
  return PartialShape(std::move(dims));
}

// 2. Shape function: with a constant axis, the axis dims add up and the others merge; without
// one, only the common rank is known.
absl::Status ConcatV2Shape(ShapeContext& c) {
  const int n = c.num_inputs() - 1;
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(n), 0, "axis").status());
  int rank = -1;
  for (int i = 0; i < n; ++i) {
    const PartialShape& s = c.input(i);
    if (!s.rank_known()) continue;
    if (rank >= 0 && s.rank() != rank) {
      return absl::InvalidArgumentError(absl::StrCat("Shape must be rank ", rank, " but is rank ",
                                                     s.rank(), " (input ", i, ": ", s.DebugString(),
                                                     ")"));
    }
    rank = s.rank();
  }
  if (rank == 0) {
    return absl::InvalidArgumentError("Can't concatenate scalars (use tf.stack instead)");
  }
  const Tensor* axis_t = c.input_tensor(n);
  if (axis_t == nullptr || rank < 0) {
    if (rank > 0) c.set_output(0, PartialShape::UnknownOfRank(rank));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> axis_v, array_util::IndexValues(*axis_t, "axis"));
  ASSIGN_OR_RETURN(const int64_t axis, ConcatAxis(axis_v[0], rank));
  std::vector<int64_t> dims(rank, -1);
  int64_t axis_sum = 0;
  for (int i = 0; i < n; ++i) {
    const PartialShape& s = c.input(i);
    if (!s.rank_known()) {
      axis_sum = -1;
      continue;
    }
    for (int d = 0; d < rank; ++d) {
      if (d == axis) continue;
      if (s.dim(d) >= 0 && dims[d] >= 0 && s.dim(d) != dims[d]) {
        return absl::InvalidArgumentError(absl::StrCat(
            "Dimension ", d, " in both shapes must be equal, but are ", dims[d], " and ", s.dim(d),
            ". Shapes are ", c.input(0).DebugString(), " and ", s.DebugString(), "."));
      }
      if (s.dim(d) >= 0) dims[d] = s.dim(d);
    }
    const int64_t a = s.dim(static_cast<int>(axis));
    axis_sum = (a < 0 || axis_sum < 0) ? -1 : axis_sum + a;
  }
  dims[axis] = axis_sum;
  c.set_output(0, PartialShape(std::move(dims)));
  array_util::PublishConstantOutputs(c, ConcatV2Kernel);
  if (rank == 1) {
    if (std::optional<PartialShape> v = ConcatShapeValues(c, n); v.has_value()) {
      c.set_output_shape_value(0, *std::move(v));
    }
  }
  return absl::OkStatus();
}

// 3. Gradient: dx_i = Slice(dy, offset_i, Shape(x_i)) with the offsets from ConcatOffset, which
// takes an int32 axis: an int64 axis is narrowed (a constant while building, else with Cast).
absl::Status ConcatV2Grad(GradientContext& c) {
  const int n = c.num_inputs() - 1;
  const Scope& s = c.scope();
  Output axis = c.input(n);
  if (BaseType(axis.dtype()) != DT_INT32) {
    if (const Tensor* value = array_util::KnownValue(s, axis); value != nullptr) {
      ASSIGN_OR_RETURN(std::vector<int64_t> v, array_util::IndexValues(*value, "axis"));
      ASSIGN_OR_RETURN(Tensor axis32, array_util::MakeIndexTensor(DT_INT32, TensorShape(), v));
      axis = ops::Const(s, axis32);
    } else {
      axis = ops::Cast(s, axis, DT_INT32);
    }
  }
  std::vector<Output> values;
  for (int i = 0; i < n; ++i) values.push_back(c.input(i));
  const std::vector<Output> shapes = ops::ShapeN(s, values);
  const std::vector<Output> offsets = ops::ConcatOffset(s, axis, shapes);
  for (int i = 0; i < n && i < static_cast<int>(offsets.size()); ++i) {
    c.set_input_grad(i, ops::Slice(s, c.grad(0), offsets[i], shapes[i]));
  }
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: input i fills columns [offset_i, offset_i + a_i) of the
// output seen as [outer, axis * inner].
absl::Status ConcatV2Kernel(KernelContext& c) {
  const int n = c.num_inputs() - 1;
  const TensorShape& s0 = c.input(0).shape();
  ASSIGN_OR_RETURN(std::vector<int64_t> axis_v, array_util::IndexValues(c.input(n), "axis"));
  if (axis_v.size() != 1) {
    return c.InvalidArgument("axis must be a scalar, got shape ", c.input(n).shape().DebugString());
  }
  absl::StatusOr<int64_t> axis = ConcatAxis(axis_v[0], s0.rank());
  if (!axis.ok()) return c.AddContext(axis.status());
  std::vector<int64_t> dims = s0.dims();
  dims[*axis] = 0;
  for (int i = 0; i < n; ++i) {
    const TensorShape& s = c.input(i).shape();
    if (s.rank() != s0.rank()) {
      return c.InvalidArgument("ConcatOp : Ranks of all input tensors should match: shape[0] = ",
                               s0.DebugString(), " vs. shape[", i, "] = ", s.DebugString());
    }
    for (int d = 0; d < s.rank(); ++d) {
      if (d != *axis && s.dim(d) != s0.dim(d)) {
        return c.InvalidArgument("ConcatOp : Dimension ", d,
                                 " in both shapes must be equal: shape[0] = ", s0.DebugString(),
                                 " vs. shape[", i, "] = ", s.DebugString());
      }
    }
    dims[*axis] += s.dim(static_cast<int>(*axis));
  }
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::Create(dims));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  int64_t outer = 1;
  for (int64_t d = 0; d < *axis; ++d) outer *= dims[d];
  int64_t inner = 1;
  for (size_t d = *axis + 1; d < dims.size(); ++d) inner *= dims[d];
  int64_t offset = 0;
  for (int i = 0; i < n; ++i) {
    const int64_t cols = c.input(i).shape().dim(static_cast<int>(*axis)) * inner;
    RETURN_IF_ERROR(array_util::ScatterStrided(c, c.input(i), 0, out, {outer, cols},
                                               {dims[*axis] * inner, 1}, offset));
    offset += cols;
  }
  return absl::OkStatus();
}

// 5. Loop emitter: along the (constant) axis, the output coordinate picks the input whose range
// holds it; the others' reads are clamped and not selected.
absl::Status ConcatV2Emitter(EmitterContext& c) {
  const int n = c.num_inputs() - 1;
  const Tensor* axis_t = c.constant_input(n);
  if (axis_t == nullptr || n < 1) return absl::UnimplementedError("axis is not a constant");
  ASSIGN_OR_RETURN(std::vector<int64_t> axis_v, array_util::IndexValues(*axis_t, "axis"));
  const int rank = c.output_shape().rank();
  if (axis_v.size() != 1 || axis_v[0] < -rank || axis_v[0] >= rank) {
    return absl::UnimplementedError("axis (the kernel reports it)");
  }
  const int axis = static_cast<int>(axis_v[0] < 0 ? axis_v[0] + rank : axis_v[0]);
  using I = IndexOp;
  const IndexValue at = c.output_index(axis);
  ElemValue result;
  int64_t offset = 0;
  for (int k = 0; k < n; ++k) {
    const TensorShape& in = c.input_shape(k);
    if (in.rank() != rank) return absl::UnimplementedError("rank");
    const int64_t size = in.dim(axis);
    if (size == 0) continue;
    std::vector<IndexValue> index(rank);
    for (int d = 0; d < rank; ++d) index[d] = d == axis ? IndexValue{} : c.output_index(d);
    const IndexValue local = c.IndexArith(I::kSub, at, c.Index(offset));
    index[axis] = c.IndexArith(I::kMin, c.IndexArith(I::kMax, local, c.Index(0)), c.Index(size - 1));
    const ElemValue v = c.ReadInput(k, index);
    result = result.valid()
                 ? c.Select(c.IndexCompare(ElemCompare::kGe, at, c.Index(offset)), v, result)
                 : v;
    offset += size;
  }
  if (!result.valid()) return absl::UnimplementedError("all inputs empty");
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("ConcatV2")
    .Input("values: N * T")
    .Input("axis: Tidx")
    .Output("output: T")
    .Attr("N: int >= 2")
    .Attr("T: type")
    .Attr("Tidx: {int32, int64} = DT_INT32")
    .SetShapeFn(ConcatV2Shape)
    .SetGradient(ConcatV2Grad)
    .SetReferenceKernel(ConcatV2Kernel)
    .SetLoopEmitter(ConcatV2Emitter)
    .Summary("Joins tensors along one dim.");

namespace ops {

Output ConcatV2(const Scope& scope, const std::vector<Output>& values, const Output& axis) {
  OpBuilder builder(scope, "ConcatV2");
  for (const Output& v : values) builder.Input(v);
  builder.Input(axis).Attr("N", static_cast<int64_t>(values.size()));
  if (!values.empty()) builder.Attr("T", BaseType(values[0].dtype()));
  if (axis.valid()) builder.Attr("Tidx", BaseType(axis.dtype()));
  return builder.Build().output(0);
}

}  // namespace ops
}  // namespace rill
