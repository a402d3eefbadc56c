// Pack: stacks N tensors of one shape along a new dim `axis` (TensorFlow's Pack, tf.stack: input
// values: N * T; attrs N, T, axis).
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// `axis` for a result of `rank_after`: in [-rank_after, rank_after), wrapped to non-negative.
absl::StatusOr<int64_t> PackAxis(int64_t axis, int64_t rank_after) {
  if (axis < -rank_after || axis >= rank_after) {
    return absl::InvalidArgumentError(
        absl::StrCat("Invalid axis: ", axis, "; must be in [", -rank_after, ",", rank_after, ")"));
  }
  return axis < 0 ? axis + rank_after : axis;
}

absl::Status PackKernel(KernelContext& c);

// 2. Shape function: the inputs' merged shape with N inserted at axis. A stack of integer
// scalars is published as a shape value (constant entries known, others unknown dims), so
// Reshape(x, Pack({batch, -1})) keeps what is known.
absl::Status PackShape(ShapeContext& c) {
  PartialShape merged = c.input(c.num_inputs() - 1);
  for (int i = c.num_inputs() - 2; i >= 0; --i) {
    absl::StatusOr<PartialShape> m = c.input(i).Merge(merged);
    if (!m.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("From merging shape ", i, " with other shapes: ", m.status().message()));
    }
    merged = *std::move(m);
  }
  if (!merged.rank_known()) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  ASSIGN_OR_RETURN(axis, PackAxis(axis, merged.rank() + 1));
  std::vector<int64_t> dims = merged.dims();
  dims.insert(dims.begin() + axis, c.num_inputs());
  c.set_output(0, PartialShape(std::move(dims)));
  array_util::PublishConstantOutputs(c, PackKernel);
  if (merged.rank() == 0 && (c.input_dtype(0) == DT_INT32 || c.input_dtype(0) == DT_INT64)) {
    std::vector<int64_t> values;
    for (int i = 0; i < c.num_inputs(); ++i) {
      const Tensor* t = c.input_tensor(i);
      int64_t v = -1;
      if (t != nullptr) {
        ASSIGN_OR_RETURN(std::vector<int64_t> vs, array_util::IndexValues(*t, "values"));
        v = vs[0];
      }
      if (v < -1) return absl::OkStatus();  // not a shape
      values.push_back(v);
    }
    c.set_output_shape_value(0, PartialShape(std::move(values)));
  }
  return absl::OkStatus();
}

// 3. Gradient: the slices of dy along axis (Unpack).
absl::Status PackGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  std::vector<Output> slices = ops::Unpack(c.scope(), c.grad(0), c.num_inputs(), {.axis = axis});
  for (int i = 0; i < c.num_inputs() && i < static_cast<int>(slices.size()); ++i) {
    c.set_input_grad(i, slices[i]);
  }
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: input i fills the [outer, i, inner] block.
absl::Status PackKernel(KernelContext& c) {
  const TensorShape& shape0 = c.input(0).shape();
  for (int i = 1; i < c.num_inputs(); ++i) {
    if (c.input(i).shape() != shape0) {
      return c.InvalidArgument(
          "Shapes of all inputs must match: values[0].shape = ", shape0.DebugString(),
          " != values[", i, "].shape = ", c.input(i).shape().DebugString());
    }
  }
  ASSIGN_OR_RETURN(int64_t axis, c.attrs().GetInt("axis"));
  absl::StatusOr<int64_t> a = PackAxis(axis, shape0.rank() + 1);
  if (!a.ok()) return c.AddContext(a.status());
  std::vector<int64_t> dims = shape0.dims();
  dims.insert(dims.begin() + *a, c.num_inputs());
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::Create(dims));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  int64_t outer = 1;
  for (int64_t d = 0; d < *a; ++d) outer *= shape0.dim(static_cast<int>(d));
  const int64_t inner = outer == 0 ? 0 : shape0.num_elements() / outer;
  const int64_t n = c.num_inputs();
  for (int64_t i = 0; i < n; ++i) {
    RETURN_IF_ERROR(array_util::ScatterStrided(c, c.input(static_cast<int>(i)), 0, out,
                                               {outer, inner}, {n * inner, 1}, i * inner));
  }
  return absl::OkStatus();
}

// 5. Loop emitter: output coordinate `axis` picks the input; the other coordinates index it.
absl::Status PackEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(int64_t axis_attr, c.attrs().GetInt("axis"));
  const int rank = c.output_shape().rank();
  ASSIGN_OR_RETURN(int64_t axis, PackAxis(axis_attr, rank));
  std::vector<IndexValue> index;
  for (int d = 0; d < rank; ++d) {
    if (d != axis) index.push_back(c.output_index(d));
  }
  const IndexValue which = c.output_index(static_cast<int>(axis));
  ElemValue result = c.ReadInput(0, index);
  for (int k = 1; k < c.num_inputs(); ++k) {
    result = c.Select(c.IndexCompare(ElemCompare::kEq, which, c.Index(k)), c.ReadInput(k, index),
                      result);
  }
  c.set_output(0, result);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Pack")
    .Input("values: N * T")
    .Output("output: T")
    .Attr("N: int >= 1")
    .Attr("T: type")
    .Attr("axis: int = 0")
    .SetShapeFn(PackShape)
    .SetGradient(PackGrad)
    .SetReferenceKernel(PackKernel)
    .SetLoopEmitter(PackEmitter)
    .Summary("Stacks N tensors of one shape along a new dim.");

namespace ops {

Output Pack(const Scope& scope, const std::vector<Output>& values, const PackAttrs& attrs) {
  OpBuilder builder(scope, "Pack");
  for (const Output& v : values) builder.Input(v);
  builder.Attr("N", static_cast<int64_t>(values.size()));
  if (!values.empty()) builder.Attr("T", BaseType(values[0].dtype()));
  return builder.Attr("axis", attrs.axis).Build().output(0);
}

}  // namespace ops
}  // namespace rill
