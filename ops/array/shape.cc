// Shape: the shape of a tensor as a 1-D int32/int64 tensor (TensorFlow's Shape: input `input`,
// attrs T, out_type).
#include <cstdint>
#include <limits>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// Output [rank] (or [?]). Publishes the value: the dims themselves when the input shape is fully
// defined, else the partial shape, so Reshape(x, Shape(y)) keeps y's known dims.
absl::Status ShapeShape(ShapeContext& c) {
  const PartialShape& in = c.input(0);
  c.set_output(0, PartialShape({in.rank_known() ? int64_t{in.rank()} : int64_t{-1}}));
  if (!in.rank_known()) return absl::OkStatus();
  c.set_output_shape_value(0, in);
  if (in.IsFullyDefined()) {
    ASSIGN_OR_RETURN(DataType out_type, c.attrs().GetType("out_type"));
    const TensorShape shape({static_cast<int64_t>(in.rank())});
    if (out_type == DT_INT64) {
      ASSIGN_OR_RETURN(Tensor t, Tensor::FromVector<int64_t>(in.dims(), shape));
      c.set_output_tensor(0, std::move(t));
    } else {
      std::vector<int32_t> dims;
      for (int64_t d : in.dims()) {
        if (d > std::numeric_limits<int32_t>::max()) return absl::OkStatus();
        dims.push_back(static_cast<int32_t>(d));
      }
      ASSIGN_OR_RETURN(Tensor t, Tensor::FromVector<int32_t>(dims, shape));
      c.set_output_tensor(0, std::move(t));
    }
  }
  return absl::OkStatus();
}

// Shapes are integers: no gradient flows through Shape (SetNoGradient below).

absl::Status ShapeKernel(KernelContext& c) {
  const TensorShape& in = c.input(0).shape();
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, TensorShape({in.rank()})));
  return DispatchDtype<IndexTypes>(c, c.output_dtype(0), [&]<typename T>() -> absl::Status {
    for (int i = 0; i < in.rank(); ++i) {
      if (in.dim(i) > std::numeric_limits<T>::max()) {
        return c.InvalidArgument("dim ", i, " of the input (", in.dim(i),
                                 ") does not fit out_type ", DataTypeString(c.output_dtype(0)));
      }
      out.data<T>()[i] = static_cast<T>(in.dim(i));
    }
    return absl::OkStatus();
  });
}

// No emitter: shapes are known when the compiler specialises, so Shape folds to a constant.

}  // namespace

RILL_REGISTER_OP("Shape")
    .Input("input: T")
    .Output("output: out_type")
    .Attr("T: type")
    .Attr("out_type: {int32, int64} = DT_INT32")
    .SetShapeFn(ShapeShape)
    .SetNoGradient()
    .SetReferenceKernel(ShapeKernel)
    .Summary("The shape of a tensor, as a 1-D integer tensor.");

namespace ops {

Output Shape(const Scope& scope, const Output& input, const ShapeAttrs& attrs) {
  return OpBuilder(scope, "Shape").Input(input).Attr("out_type", attrs.out_type).Build().output(0);
}

}  // namespace ops
}  // namespace rill
