// InvertPermutation: y[x[i]] = i for a permutation x of 0..n-1 (TensorFlow's InvertPermutation:
// input x; attr T). Transpose's gradient uses it.
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

absl::Status InvertPermutationKernel(KernelContext& c);

// 2. Shape function: a vector in, the same shape out; folds a constant permutation.
absl::Status InvertPermutationShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape x, shape_fns::WithRank(c.input(0), 1, "x"));
  c.set_output(0, x);
  array_util::PublishConstantOutputs(c, InvertPermutationKernel);
  return absl::OkStatus();
}

// 3. Gradient: none (integer permutations; TensorFlow's NoGradient).

// 4. Reference kernel for int32 and int64.
absl::Status InvertPermutationKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  if (x.shape().rank() != 1) {
    return c.InvalidArgument("invert_permutation expects a 1D vector, got shape ",
                             x.shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> perm, array_util::IndexValues(x, "x"));
  const int64_t n = static_cast<int64_t>(perm.size());
  std::vector<int64_t> inverse(n, -1);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t d = perm[i];
    if (d < 0 || d >= n) return c.InvalidArgument(d, " is not between 0 and ", n);
    if (inverse[d] != -1) return c.InvalidArgument(d, " is duplicated in the input.");
    inverse[d] = i;
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, x.shape()));
  return DispatchDtype<IndexTypes>(c, x.dtype(), [&]<typename T>() -> absl::Status {
    for (int64_t i = 0; i < n; ++i) out.data<T>()[i] = static_cast<T>(inverse[i]);
    return absl::OkStatus();
  });
}

// 5. LLVM emitter: none (permutations are constants by the time the compiler runs).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("InvertPermutation")
    .Input("x: T")
    .Output("y: T")
    .Attr("T: {int32, int64} = DT_INT32")
    .SetShapeFn(InvertPermutationShape)
    .SetNoGradient()
    .SetReferenceKernel(InvertPermutationKernel)
    .Summary("The inverse of a permutation: y[x[i]] = i.");

namespace ops {

Output InvertPermutation(const Scope& scope, const Output& x) {
  return OpBuilder(scope, "InvertPermutation").Input(x).Build().output(0);
}

}  // namespace ops
}  // namespace rill
