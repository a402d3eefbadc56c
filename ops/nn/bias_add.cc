// BiasAdd: value [..., C] + bias [C] (TensorFlow's BiasAdd: inputs value, bias; attrs T,
// data_format). A composite: it is AddV2 with NumPy broadcasting once the shapes are checked, so
// it expands into AddV2 and has no kernel of its own.
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/expand_context.h"
#include "ops/gradient_context.h"
#include "ops/math_ops.h"
#include "ops/nn/window_geometry.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.

// 2. Shape function: value's shape (rank >= 2) with its last dim merged with bias's only dim.
absl::Status BiasAddShape(ShapeContext& c) {
  RETURN_IF_ERROR(nn::CheckDataFormatNhwc(c.attrs()));
  const PartialShape& value = c.input(0);
  ASSIGN_OR_RETURN(PartialShape bias, shape_fns::WithRank(c.input(1), 1, "bias"));
  if (!value.rank_known()) {
    c.set_output(0, PartialShape::Unknown());
    return absl::OkStatus();
  }
  if (value.rank() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("value must have rank at least 2, got ", value.DebugString()));
  }
  std::vector<int64_t> dims = value.dims();
  const int64_t channels = dims.back();
  if (channels >= 0 && bias.dim(0) >= 0 && channels != bias.dim(0)) {
    return absl::InvalidArgumentError(absl::StrCat("bias has ", bias.dim(0),
                                                   " elements but value ", value.DebugString(),
                                                   " has ", channels, " channels"));
  }
  if (channels < 0) dims.back() = bias.dim(0);
  c.set_output(0, PartialShape(std::move(dims)));
  return absl::OkStatus();
}

// 3. Gradient (registered so autodiff works before expansion; TensorFlow's _BiasAddGrad): dy for
//    value, BiasAddGrad(dy) (dy summed over all but the last dim) for bias.
absl::Status BiasAddGradient(GradientContext& c) {
  ASSIGN_OR_RETURN(std::string format, c.attrs().GetString("data_format"));
  c.set_input_grad(0, c.grad(0));
  c.set_input_grad(1, ops::BiasAddGrad(c.scope(), c.grad(0), {.data_format = format}));
  return absl::OkStatus();
}

// 4. Reference kernel: none; the expansion runs instead.
absl::Status BiasAddExpand(ExpandContext& c) {
  c.set_output(0, ops::AddV2(c.scope(), c.input(0), c.input(1)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none (composites are expanded before code generation).

}  // namespace

// 6. Registration. TensorFlow also allows half, bfloat16, the other ints and complex types.
RILL_REGISTER_OP("BiasAdd")
    .Input("value: T")
    .Input("bias: T")
    .Output("output: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("data_format: {'NHWC', 'NCHW'} = 'NHWC'")
    .SetShapeFn(BiasAddShape)
    .SetGradient(BiasAddGradient)
    .SetExpand(BiasAddExpand)
    .Summary("value + bias, bias broadcast along the last dim.");

namespace ops {

Output BiasAdd(const Scope& scope, const Output& value, const Output& bias,
               const BiasAddAttrs& attrs) {
  return OpBuilder(scope, "BiasAdd")
      .Input(value)
      .Input(bias)
      .Attr("data_format", attrs.data_format)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
