// ConcatOffset: where each input starts in a concatenation along concat_dim, from the inputs'
// shapes (TensorFlow's ConcatOffset: inputs concat_dim: int32, shape: N * int32; attr N).
// ConcatV2's gradient slices dy at these offsets.
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

absl::Status ConcatOffsetKernel(KernelContext& c);

// 2. Shape function: offset i has shape i's shape; folds constant shapes.
absl::Status ConcatOffsetShape(ShapeContext& c) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(0), 0, "concat_dim").status());
  for (int i = 1; i < c.num_inputs(); ++i) {
    ASSIGN_OR_RETURN(PartialShape s, shape_fns::WithRank(c.input(i), 1, "shape"));
    c.set_output(i - 1, s);
  }
  array_util::PublishConstantOutputs(c, ConcatOffsetKernel);
  return absl::OkStatus();
}

// 3. Gradient: none (integer shapes; TensorFlow's NoGradient).

// 4. Reference kernel (int32).
absl::Status ConcatOffsetKernel(KernelContext& c) {
  const Tensor& dim_t = c.input(0);
  if (dim_t.shape().rank() != 0) {
    return c.InvalidArgument("Concat dim tensor should be a scalar, but got shape ",
                             dim_t.shape().DebugString());
  }
  const int n = c.num_inputs() - 1;
  const Tensor& s0 = c.input(1);
  if (s0.shape().rank() != 1) {
    return c.InvalidArgument("input 0 should be a vector, got shape ", s0.shape().DebugString());
  }
  const int64_t dims = s0.num_elements();
  const int64_t cdim = dim_t.data<int32_t>()[0];
  const int64_t axis = cdim < 0 ? cdim + dims : cdim;
  if (axis < 0 || axis >= dims) {
    return c.InvalidArgument("Concat dim is out of range: ", cdim, " vs. ", dims);
  }
  const int32_t* shape0 = s0.data<int32_t>();
  int64_t offset = 0;
  for (int i = 0; i < n; ++i) {
    const Tensor& s = c.input(i + 1);
    if (s.shape().rank() != 1 || s.num_elements() != dims) {
      return c.InvalidArgument("input ", i, " should contain ", dims, " elements, but got ",
                               s.num_elements());
    }
    const int32_t* shape = s.data<int32_t>();
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(i, s.shape()));
    for (int64_t j = 0; j < dims; ++j) {
      if (j == axis) {
        if (offset > INT32_MAX) return c.InvalidArgument("offset ", offset, " overflows int32");
        out.data<int32_t>()[j] = static_cast<int32_t>(offset);
        offset += shape[j];
      } else if (shape[j] != shape0[j]) {
        return c.InvalidArgument("All dimensions except ", axis, " must match. Input ", i,
                                 " has shape [", absl::StrJoin(shape, shape + dims, " "),
                                 "] and doesn't match input 0 with shape [",
                                 absl::StrJoin(shape0, shape0 + dims, " "), "].");
      }
    }
  }
  return absl::OkStatus();
}

// 5. LLVM emitter: none (folds to constants once shapes are specialised).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("ConcatOffset")
    .Input("concat_dim: int32")
    .Input("shape: N * int32")
    .Output("offset: N * int32")
    .Attr("N: int >= 2")
    .SetShapeFn(ConcatOffsetShape)
    .SetNoGradient()
    .SetReferenceKernel(ConcatOffsetKernel)
    .Summary("The offset of each input in a concatenation along concat_dim.");

namespace ops {

std::vector<Output> ConcatOffset(const Scope& scope, const Output& concat_dim,
                                 const std::vector<Output>& shapes) {
  OpBuilder builder(scope, "ConcatOffset");
  builder.Input(concat_dim);
  for (const Output& s : shapes) builder.Input(s);
  Operation op = builder.Attr("N", static_cast<int64_t>(shapes.size())).Build();
  std::vector<Output> offsets;
  for (size_t i = 0; i < shapes.size(); ++i) offsets.push_back(op.output(static_cast<int>(i)));
  return offsets;
}

}  // namespace ops
}  // namespace rill
