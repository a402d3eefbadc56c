// Transpose: permutes the dims of x, output dim i = input dim perm[i] (TensorFlow's Transpose:
// inputs x, perm; attrs T, Tperm).
#include <cstdint>
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
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// Checks that `perm` is a permutation of [0, rank): InvalidArgument naming the bad entry.
absl::Status CheckPermutation(const std::vector<int64_t>& perm, int64_t rank) {
  if (static_cast<int64_t>(perm.size()) != rank) {
    return absl::InvalidArgumentError(absl::StrCat("transpose expects a vector of size ", rank,
                                                   ". But input(1) is a vector of size ",
                                                   perm.size()));
  }
  std::vector<bool> seen(rank, false);
  for (size_t i = 0; i < perm.size(); ++i) {
    const int64_t d = perm[i];
    if (d < 0 || d >= rank) {
      return absl::InvalidArgumentError(
          absl::StrCat("perm[", i, "] = ", d, " is out of range [0, ", rank, ")"));
    }
    if (seen[d]) {
      return absl::InvalidArgumentError(absl::StrCat("perm has ", d, " twice (at perm[", i, "])"));
    }
    seen[d] = true;
  }
  return absl::OkStatus();
}

absl::Status TransposeKernel(KernelContext& c);

// 2. Shape function: the rank comes from x or from perm's length; the dims need a constant perm.
absl::Status TransposeShape(ShapeContext& c) {
  const PartialShape& in = c.input(0);
  ASSIGN_OR_RETURN(PartialShape perm_shape, shape_fns::WithRank(c.input(1), 1, "perm"));
  const Tensor* perm = c.input_tensor(1);
  const int64_t perm_len = perm != nullptr ? perm->num_elements() : perm_shape.dim(0);
  const int64_t rank = in.rank_known() ? in.rank() : perm_len;
  if (rank < 0) return absl::OkStatus();  // unknown rank
  if (perm == nullptr) {
    if (perm_len >= 0 && perm_len != rank) {
      return absl::InvalidArgumentError(absl::StrCat("transpose expects a vector of size ", rank,
                                                     ". But input(1) is a vector of size ",
                                                     perm_len));
    }
    c.set_output(0, in.rank_known() ? PartialShape::UnknownOfRank(in.rank())
                                    : PartialShape::UnknownOfRank(static_cast<int>(rank)));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> p, array_util::IndexValues(*perm, "perm"));
  RETURN_IF_ERROR(CheckPermutation(p, rank));
  std::vector<int64_t> dims(rank, -1);
  if (in.rank_known()) {
    for (int64_t i = 0; i < rank; ++i) dims[i] = in.dim(static_cast<int>(p[i]));
  }
  c.set_output(0, PartialShape(std::move(dims)));
  array_util::PublishConstantOutputs(c, TransposeKernel);
  return absl::OkStatus();
}

// 3. Gradient: dx = Transpose(dy, InvertPermutation(perm)); perm gets none.
absl::Status TransposeGrad(GradientContext& c) {
  const Output inverse = ops::InvertPermutation(c.scope(), c.input(1));
  c.set_input_grad(0, ops::Transpose(c.scope(), c.grad(0), inverse));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: a strided gather with the input strides permuted.
absl::Status TransposeKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  const Tensor& perm_t = c.input(1);
  if (perm_t.shape().rank() != 1) {
    return c.InvalidArgument("perm must be a vector, got shape ", perm_t.shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> perm, array_util::IndexValues(perm_t, "perm"));
  RETURN_IF_ERROR(c.AddContext(CheckPermutation(perm, x.shape().rank())));
  const std::vector<int64_t> in_strides = array_util::RowMajorStrides(x.shape().dims());
  std::vector<int64_t> out_dims(perm.size());
  std::vector<int64_t> strides(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) {
    out_dims[i] = x.shape().dim(static_cast<int>(perm[i]));
    strides[i] = in_strides[perm[i]];
  }
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::Create(out_dims));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  return array_util::GatherStrided(c, x, out, 0, out_dims, strides, 0);
}

// 5. Loop emitter: output element o reads input coordinate perm[d] = o[d] (needs a constant perm).
absl::Status TransposeEmitter(EmitterContext& c) {
  const Tensor* perm_t = c.constant_input(1);
  if (perm_t == nullptr) return absl::UnimplementedError("perm is not a constant");
  ASSIGN_OR_RETURN(std::vector<int64_t> perm, array_util::IndexValues(*perm_t, "perm"));
  RETURN_IF_ERROR(CheckPermutation(perm, c.input_shape(0).rank()));
  std::vector<IndexValue> index(perm.size());
  for (size_t d = 0; d < perm.size(); ++d) index[perm[d]] = c.output_index(static_cast<int>(d));
  c.set_output(0, c.ReadInput(0, index));
  return absl::OkStatus();
}

// 5. LLVM emitter: none yet (a loop-nest emitter, filled by the compiler issue).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Transpose")
    .Input("x: T")
    .Input("perm: Tperm")
    .Output("y: T")
    .Attr("T: type")
    .Attr("Tperm: {int32, int64} = DT_INT32")
    .SetShapeFn(TransposeShape)
    .SetGradient(TransposeGrad)
    .SetReferenceKernel(TransposeKernel)
    .SetLoopEmitter(TransposeEmitter)
    .Summary("Permutes the dims of x: output dim i is input dim perm[i].");

namespace ops {

Output Transpose(const Scope& scope, const Output& x, const Output& perm) {
  return OpBuilder(scope, "Transpose").Input(x).Input(perm).Build().output(0);
}

}  // namespace ops
}  // namespace rill
