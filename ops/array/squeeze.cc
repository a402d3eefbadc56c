// Squeeze: removes dims of size 1, all of them or those in squeeze_dims (TensorFlow's Squeeze:
// input input; attrs T, squeeze_dims).
#include <algorithm>
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

// squeeze_dims wrapped into [0, rank); InvalidArgument for an entry outside [-rank, rank).
absl::StatusOr<std::vector<int64_t>> WrappedSqueezeDims(const AttrSlice& attrs, int64_t rank) {
  ASSIGN_OR_RETURN(std::vector<int64_t> dims, attrs.GetIntList("squeeze_dims"));
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] < -rank || dims[i] >= rank) {
      return absl::InvalidArgumentError(
          absl::StrCat("squeeze_dims[", i, "] = ", dims[i], " not in [", -rank, ",", rank, ")."));
    }
    if (dims[i] < 0) dims[i] += rank;
  }
  return dims;
}

absl::Status SqueezeKernel(KernelContext& c);

// 2. Shape function (TensorFlow's): an unknown dim named in squeeze_dims is assumed to be 1;
// with empty squeeze_dims an unknown dim makes the rank unknown.
absl::Status SqueezeShape(ShapeContext& c) {
  const PartialShape& in = c.input(0);
  if (!in.rank_known()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<int64_t> squeeze, WrappedSqueezeDims(c.attrs(), in.rank()));
  std::vector<int64_t> out;
  for (int i = 0; i < in.rank(); ++i) {
    const bool named = std::find(squeeze.begin(), squeeze.end(), i) != squeeze.end();
    const int64_t d = in.dim(i);
    if (d == -1) {
      if (named) continue;
      if (squeeze.empty()) return absl::OkStatus();  // might be 1: rank unknown
    } else if (d == 1) {
      if (named || squeeze.empty()) continue;
    } else if (named) {
      return absl::InvalidArgumentError(
          absl::StrCat("Can not squeeze dim[", i, "], expected a dimension of 1, got ", d));
    }
    out.push_back(d);
  }
  c.set_output(0, PartialShape(std::move(out)));
  array_util::PublishConstantOutputs(c, SqueezeKernel);
  return absl::OkStatus();
}

// 3. Gradient: dx = Reshape(dy, Shape(x)).
absl::Status SqueezeGrad(GradientContext& c) {
  c.set_input_grad(0, ops::Reshape(c.scope(), c.grad(0), ops::Shape(c.scope(), c.input(0))));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype.
absl::Status SqueezeKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  const int rank = x.shape().rank();
  absl::StatusOr<std::vector<int64_t>> squeeze = WrappedSqueezeDims(c.attrs(), rank);
  if (!squeeze.ok()) return c.AddContext(squeeze.status());
  std::vector<int64_t> dims;
  for (int i = 0; i < rank; ++i) {
    const bool named = std::find(squeeze->begin(), squeeze->end(), i) != squeeze->end();
    const int64_t d = x.shape().dim(i);
    if (named && d != 1) {
      return c.InvalidArgument("Can not squeeze dim[", i, "], expected a dimension of 1, got ", d);
    }
    if (d == 1 && (named || squeeze->empty())) continue;
    dims.push_back(d);
  }
  ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, shape));
  const int64_t n = x.num_elements();
  return array_util::GatherStrided(c, x, out, 0, {n}, {1}, 0);
}

// 5. LLVM emitter: none (a view of the same buffer in compiled code).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Squeeze")
    .Input("input: T")
    .Output("output: T")
    .Attr("T: type")
    .Attr("squeeze_dims: list(int) >= 0 = []")
    .SetForwardsInput()
    .SetShapeFn(SqueezeShape)
    .SetGradient(SqueezeGrad)
    .SetReferenceKernel(SqueezeKernel)
    .Summary("Removes dims of size 1 (all, or those in squeeze_dims).");

namespace ops {

Output Squeeze(const Scope& scope, const Output& input, const SqueezeAttrs& attrs) {
  AttrValue dims;
  for (int64_t d : attrs.squeeze_dims) dims.mutable_list()->add_i(d);
  if (attrs.squeeze_dims.empty()) dims.mutable_list();  // an empty list, not "no value"
  return OpBuilder(scope, "Squeeze").Input(input).Attr("squeeze_dims", dims).Build().output(0);
}

}  // namespace ops
}  // namespace rill
