// Size: the number of elements of a tensor, an int32/int64 scalar (TensorFlow's Size: input
// input; attrs T, out_type).
#include <cstdint>
#include <limits>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: a scalar, published when the count is known (fully defined, or a 0 dim).
absl::Status SizeShape(ShapeContext& c) {
  c.set_output(0, PartialShape::Scalar());
  const PartialShape& in = c.input(0);
  if (!in.rank_known()) return absl::OkStatus();
  int64_t count = 1;
  bool known = true;
  for (int64_t d : in.dims()) {
    if (d == 0) {
      count = 0;
      known = true;
      break;
    }
    if (d < 0 || count > INT64_MAX / d) {
      known = false;
    } else {
      count *= d;
    }
  }
  if (!known) return absl::OkStatus();
  absl::StatusOr<Tensor> t = array_util::MakeIndexTensor(c.output_dtype(0), TensorShape(), {count});
  if (t.ok()) c.set_output_tensor(0, *std::move(t));  // else: too big for int32; not published
  return absl::OkStatus();
}

// 3. Gradient: none (an integer; TensorFlow's NoGradient).

// 4. Reference kernel (any input dtype; out_type int32 or int64).
absl::Status SizeKernel(KernelContext& c) {
  const int64_t n = c.input(0).num_elements();
  return DispatchDtype<IndexTypes>(c, c.output_dtype(0), [&]<typename T>() -> absl::Status {
    if (n > std::numeric_limits<T>::max()) {
      return c.InvalidArgument("the input has ", n, " elements, which does not fit out_type ",
                               DataTypeString(c.output_dtype(0)));
    }
    c.set_output(0, Tensor::Scalar<T>(static_cast<T>(n)));
    return absl::OkStatus();
  });
}

// 5. LLVM emitter: none (folds to a constant once shapes are specialised).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Size")
    .Input("input: T")
    .Output("output: out_type")
    .Attr("T: type")
    .Attr("out_type: {int32, int64} = DT_INT32")
    .SetShapeFn(SizeShape)
    .SetNoGradient()
    .SetReferenceKernel(SizeKernel)
    .Summary("The number of elements of a tensor.");

namespace ops {

Output Size(const Scope& scope, const Output& input, const SizeAttrs& attrs) {
  return OpBuilder(scope, "Size").Input(input).Attr("out_type", attrs.out_type).Build().output(0);
}

}  // namespace ops
}  // namespace rill
