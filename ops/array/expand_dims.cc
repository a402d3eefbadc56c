// ExpandDims: inserts a dim of size 1 at index `dim` (TensorFlow's ExpandDims: inputs input, dim;
// attrs T, Tdim).
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// The insertion index for an input of `rank`: dim in [-rank-1, rank], negative counting from the
// end of the output (so -1 appends).
absl::StatusOr<int64_t> InsertionIndex(int64_t dim, int64_t rank) {
  if (dim < -rank - 1 || dim > rank) {
    return absl::InvalidArgumentError(
        absl::StrCat("dim ", dim, " not in the interval [", -rank - 1, ", ", rank, "]."));
  }
  return dim < 0 ? dim + rank + 1 : dim;
}

// `dim` must hold exactly one value (TensorFlow accepts a scalar or a 1-element vector).
absl::StatusOr<int64_t> SingleDim(const Tensor& t) {
  if (t.num_elements() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'dim' input must be a tensor with a single value, got shape ", t.shape().DebugString()));
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> v, array_util::IndexValues(t, "dim"));
  return v[0];
}

absl::Status ExpandDimsKernel(KernelContext& c);

// 2. Shape function: exact with a constant dim, else rank + 1 (when the rank is known).
absl::Status ExpandDimsShape(ShapeContext& c) {
  const PartialShape& in = c.input(0);
  const Tensor* dim_t = c.input_tensor(1);
  if (dim_t == nullptr) {
    if (in.rank_known()) c.set_output(0, PartialShape::UnknownOfRank(in.rank() + 1));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(int64_t dim, SingleDim(*dim_t));
  if (!in.rank_known()) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t at, InsertionIndex(dim, in.rank()));
  std::vector<int64_t> dims = in.dims();
  dims.insert(dims.begin() + at, 1);
  c.set_output(0, PartialShape(std::move(dims)));
  array_util::PublishConstantOutputs(c, ExpandDimsKernel);
  return absl::OkStatus();
}

// 3. Gradient: dx = Reshape(dy, Shape(x)); dim gets none.
absl::Status ExpandDimsGrad(GradientContext& c) {
  c.set_input_grad(0, ops::Reshape(c.scope(), c.grad(0), ops::Shape(c.scope(), c.input(0))));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: the same elements under the new shape.
absl::Status ExpandDimsKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  absl::StatusOr<int64_t> dim = SingleDim(c.input(1));
  if (!dim.ok()) return c.AddContext(dim.status());
  absl::StatusOr<int64_t> at = InsertionIndex(*dim, x.shape().rank());
  if (!at.ok()) return c.AddContext(at.status());
  std::vector<int64_t> dims = x.shape().dims();
  dims.insert(dims.begin() + *at, 1);
  ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, shape));
  const int64_t n = x.num_elements();
  return array_util::GatherStrided(c, x, out, 0, {n}, {1}, 0);
}

// 5. LLVM emitter: none (a view of the same buffer in compiled code).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("ExpandDims")
    .Input("input: T")
    .Input("dim: Tdim")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Tdim: {int32, int64} = DT_INT32")
    .SetForwardsInput()
    .SetShapeFn(ExpandDimsShape)
    .SetGradient(ExpandDimsGrad)
    .SetReferenceKernel(ExpandDimsKernel)
    .Summary("Inserts a dim of size 1 at index dim.");

namespace ops {

Output ExpandDims(const Scope& scope, const Output& input, const Output& dim) {
  return OpBuilder(scope, "ExpandDims").Input(input).Input(dim).Build().output(0);
}

}  // namespace ops
}  // namespace rill
