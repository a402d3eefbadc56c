// Unpack: the `num` slices of a tensor along dim `axis`, that dim removed (TensorFlow's Unpack,
// tf.unstack: input value; output output: num * T; attrs num, T, axis).
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

absl::StatusOr<int64_t> UnpackAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    return absl::InvalidArgumentError(
        absl::StrCat("Invalid axis: ", axis, "; must be in [", -rank, ",", rank, ")"));
  }
  return axis < 0 ? axis + rank : axis;
}

absl::Status UnpackKernel(KernelContext& c);

// 2. Shape function: every output is the input without dim axis, which must have size num.
// Unpacking a shape vector publishes its known entries as scalar constants.
absl::Status UnpackShape(ShapeContext& c) {
  const PartialShape& in = c.input(0);
  if (!in.rank_known()) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  ASSIGN_OR_RETURN(axis, UnpackAxis(axis, in.rank()));
  const int64_t d = in.dim(static_cast<int>(axis));
  if (d >= 0 && d != c.num_outputs()) {
    return absl::InvalidArgumentError(absl::StrCat("Dimension must be ", c.num_outputs(),
                                                   " but is ", d, " (dim ", axis, " of ",
                                                   in.DebugString(), ")"));
  }
  std::vector<int64_t> dims = in.dims();
  dims.erase(dims.begin() + axis);
  for (int i = 0; i < c.num_outputs(); ++i) c.set_output(i, PartialShape(dims));
  array_util::PublishConstantOutputs(c, UnpackKernel);
  if (in.rank() == 1 && c.input_tensor(0) == nullptr) {
    std::optional<PartialShape> value = array_util::KnownShapeValue(c, 0);
    if (value.has_value() && value->rank() == c.num_outputs()) {
      for (int i = 0; i < c.num_outputs(); ++i) {
        if (value->dim(i) < 0) continue;
        ASSIGN_OR_RETURN(Tensor t, array_util::MakeIndexTensor(c.output_dtype(i), TensorShape(),
                                                               {value->dim(i)}));
        c.set_output_tensor(i, std::move(t));
      }
    }
  }
  return absl::OkStatus();
}

// 3. Gradient: Pack the output gradients back (zeros where an output got none).
absl::Status UnpackGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  std::vector<Output> grads;
  for (int i = 0; i < c.num_outputs(); ++i) grads.push_back(c.GradOrZeros(i));
  c.set_input_grad(0, ops::Pack(c.scope(), grads, {.axis = axis}));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: output i gathers the [outer, i, inner] block.
absl::Status UnpackKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  absl::StatusOr<int64_t> a = UnpackAxis(axis, x.shape().rank());
  if (!a.ok()) return c.AddContext(a.status());
  const int64_t n = c.num_outputs();
  if (x.shape().dim(static_cast<int>(*a)) != n) {
    return c.InvalidArgument("Input shape axis ", *a, " must equal ", n, ", got shape ",
                             x.shape().DebugString());
  }
  std::vector<int64_t> dims = x.shape().dims();
  dims.erase(dims.begin() + *a);
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::Create(dims));
  int64_t outer = 1;
  for (int64_t d = 0; d < *a; ++d) outer *= x.shape().dim(static_cast<int>(d));
  const int64_t inner = out_shape.num_elements() / (outer == 0 ? 1 : outer);
  for (int64_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(static_cast<int>(i), out_shape));
    RETURN_IF_ERROR(
        array_util::GatherStrided(c, x, out, 0, {outer, inner}, {n * inner, 1}, i * inner));
  }
  return absl::OkStatus();
}

// 5. Expansion (compiler only: the executor runs the kernel), TensorFlow's unstack as strided
//    slices, which compile to gathers: output i = x[:, .., :, i, ...] for axis >= 0 and
//    x[..., i, :, .., :] for axis < 0 (the ellipsis keeps it independent of the rank).
absl::Status UnpackExpand(ExpandContext& c) {
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  const Scope& s = c.scope();
  const PartialShape& in = c.input(0).shape();
  if (in.rank_known()) {
    ASSIGN_OR_RETURN(int64_t a, UnpackAxis(axis, in.rank()));
    if (in.dim(static_cast<int>(a)) >= 0 && in.dim(static_cast<int>(a)) != c.num_outputs()) {
      return absl::InvalidArgumentError(absl::StrCat("Input shape axis ", a, " must equal ",
                                                     c.num_outputs(), ", got shape ",
                                                     in.DebugString()));
    }
  }
  // Spec entries: `full` whole dims (begin/end masks), the index (shrunk), the ellipsis; the
  // order depends on the axis's sign.
  const int64_t full = axis >= 0 ? axis : -axis - 1;
  const int64_t entries = full + 2;
  const int64_t index_at = axis >= 0 ? full : 1;
  const int64_t ellipsis_at = axis >= 0 ? full + 1 : 0;
  ops::StridedSliceAttrs attrs{.ellipsis_mask = int64_t{1} << ellipsis_at,
                               .shrink_axis_mask = int64_t{1} << index_at};
  for (int64_t e = 0; e < entries; ++e) {
    if (e != index_at && e != ellipsis_at) {
      attrs.begin_mask |= int64_t{1} << e;
      attrs.end_mask |= int64_t{1} << e;
    }
  }
  const Output strides = ops::Const(s, std::vector<int64_t>(entries, 1), TensorShape({entries}));
  for (int i = 0; i < c.num_outputs(); ++i) {
    std::vector<int64_t> begin(entries, 0), end(entries, 0);
    begin[index_at] = i;
    end[index_at] = i + 1;
    c.set_output(i, ops::StridedSlice(s, c.input(0), ops::Const(s, begin, TensorShape({entries})),
                                      ops::Const(s, end, TensorShape({entries})), strides, attrs));
  }
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Unpack")
    .Input("value: T")
    .Output("output: num * T")
    .Attr("num: int >= 0")
    .Attr("T: type")
    .Attr("axis: int = 0")
    .SetShapeFn(UnpackShape)
    .SetGradient(UnpackGrad)
    .SetReferenceKernel(UnpackKernel)
    .SetExpand(UnpackExpand)
    .Summary("The slices of a tensor along one dim, that dim removed.");

namespace ops {

std::vector<Output> Unpack(const Scope& scope, const Output& value, int64_t num,
                           const PackAttrs& attrs) {
  Operation op =
      OpBuilder(scope, "Unpack").Input(value).Attr("num", num).Attr("axis", attrs.axis).Build();
  std::vector<Output> outputs;
  for (int64_t i = 0; i < num; ++i) outputs.push_back(op.output(static_cast<int>(i)));
  return outputs;
}

}  // namespace ops
}  // namespace rill
