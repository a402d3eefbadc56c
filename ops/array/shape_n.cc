// ShapeN: the shapes of N tensors, one 1-D int32/int64 tensor each (TensorFlow's ShapeN: input
// input: N * T; output output: N * out_type; attrs N, T, out_type).
#include <cstdint>
#include <limits>
#include <vector>

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

// 2. Shape function: output i is [rank_i] (or [?]); like Shape it publishes each value: the
// dims when fully defined, else the partial shape.
absl::Status ShapeNShape(ShapeContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) {
    const PartialShape& in = c.input(i);
    c.set_output(i, PartialShape({in.rank_known() ? int64_t{in.rank()} : int64_t{-1}}));
    if (!in.rank_known()) continue;
    c.set_output_shape_value(i, in);
    if (!in.IsFullyDefined()) continue;
    absl::StatusOr<Tensor> t = array_util::MakeIndexTensor(
        c.output_dtype(i), TensorShape({static_cast<int64_t>(in.rank())}), in.dims());
    if (t.ok()) c.set_output_tensor(i, *std::move(t));  // else: too big for int32; not published
  }
  return absl::OkStatus();
}

// 3. Gradient: none (shapes are integers; TensorFlow's NoGradient).

// 4. Reference kernel (out_type int32 or int64).
absl::Status ShapeNKernel(KernelContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) {
    const TensorShape& in = c.input(i).shape();
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(i, TensorShape({in.rank()})));
    RETURN_IF_ERROR(
        DispatchDtype<IndexTypes>(c, c.output_dtype(i), [&]<typename T>() -> absl::Status {
          for (int d = 0; d < in.rank(); ++d) {
            if (in.dim(d) > std::numeric_limits<T>::max()) {
              return c.InvalidArgument("dim ", d, " of input ", i, " (", in.dim(d),
                                       ") does not fit out_type ",
                                       DataTypeString(c.output_dtype(i)));
            }
            out.data<T>()[d] = static_cast<T>(in.dim(d));
          }
          return absl::OkStatus();
        }));
  }
  return absl::OkStatus();
}

// 5. LLVM emitter: none (shapes fold to constants once the compiler specialises them).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("ShapeN")
    .Input("input: N * T")
    .Output("output: N * out_type")
    .Attr("N: int >= 1")
    .Attr("T: type")
    .Attr("out_type: {int32, int64} = DT_INT32")
    .SetShapeFn(ShapeNShape)
    .SetNoGradient()
    .SetReferenceKernel(ShapeNKernel)
    .Summary("The shapes of N tensors, as 1-D integer tensors.");

namespace ops {

std::vector<Output> ShapeN(const Scope& scope, const std::vector<Output>& inputs,
                           const ShapeAttrs& attrs) {
  OpBuilder builder(scope, "ShapeN");
  for (const Output& in : inputs) builder.Input(in);
  builder.Attr("N", static_cast<int64_t>(inputs.size())).Attr("out_type", attrs.out_type);
  if (!inputs.empty()) builder.Attr("T", BaseType(inputs[0].dtype()));
  Operation op = builder.Build();
  std::vector<Output> shapes;
  for (size_t i = 0; i < inputs.size(); ++i) shapes.push_back(op.output(static_cast<int>(i)));
  return shapes;
}

}  // namespace ops
}  // namespace rill
