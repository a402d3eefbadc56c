// SelectV2: condition ? t : e with condition, t and e broadcast NumPy-style (TensorFlow's
// SelectV2: inputs condition: bool, t, e; output; attr T).
#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/broadcast.h"
#include "ops/dtype_dispatch.h"
#include "ops/element_emitters.h"
#include "ops/gradient_context.h"
#include "ops/gradient_helpers.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function: the broadcast of t and e, broadcast with condition.
absl::Status SelectV2Shape(ShapeContext& c) {
  absl::StatusOr<PartialShape> data = BroadcastShapes(c.input(1), c.input(2));
  absl::StatusOr<PartialShape> out = data.ok() ? BroadcastShapes(c.input(0), *data) : data.status();
  if (!out.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("incompatible shapes for broadcasting: condition ", c.input(0).DebugString(),
                     ", t ", c.input(1).DebugString(), ", e ", c.input(2).DebugString()));
  }
  c.set_output(0, *std::move(out));
  return absl::OkStatus();
}

// 3. Gradient (TensorFlow's): dy where condition holds to t, elsewhere to e, each summed over
//    the dims its input was broadcast along (against the output's shape); none to condition.
absl::Status SelectV2Grad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& cond = c.input(0);
  const Output& dy = c.grad(0);
  Output zeros = ops::ZerosLike(s, dy);
  const Output& out = c.output(0);
  c.set_input_grad(
      1, ReduceBroadcastGradients(s, c.input(1), out, ops::SelectV2(s, cond, dy, zeros), Output())
             .first);
  c.set_input_grad(
      2, ReduceBroadcastGradients(s, c.input(2), out, ops::SelectV2(s, cond, zeros, dy), Output())
             .first);
  return absl::OkStatus();
}

// 4. Reference kernel, for every dtype rill holds but resource.
absl::Status SelectV2Kernel(KernelContext& c) {
  const Tensor& cond = c.input(0);
  const Tensor& t = c.input(1);
  const Tensor& e = c.input(2);
  absl::StatusOr<TensorShape> shape = BroadcastTensorShapes({cond.shape(), t.shape(), e.shape()});
  if (!shape.ok()) return c.AddContext(shape.status());
  return DispatchDtype<AllTypes>(c, t.dtype(), [&]<typename T>() -> absl::Status {
    ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *shape));
    const bool* pick = cond.data<bool>();
    const T* ts = t.data<T>();
    const T* es = e.data<T>();
    T* o = out.data<T>();
    ForEachBroadcastIndex<3>(*shape, {cond.shape(), t.shape(), e.shape()},
                             [&](int64_t i, const std::array<int64_t, 3>& in) {
                               o[i] = pick[in[0]] ? ts[in[1]] : es[in[2]];
                             });
    return absl::OkStatus();
  });
}

// 5. Element emitter: condition ? t : e at each broadcast position (the kernel emitter
//    broadcasts all three inputs NumPy-style, as ForEachBroadcastIndex does).
absl::Status SelectV2Emitter(EmitterContext& c) {
  c.set_output(0, c.Select(c.input(0), c.input(1), c.input(2)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("SelectV2")
    .Input("condition: bool")
    .Input("t: T")
    .Input("e: T")
    .Output("output: T")
    .Attr("T: type")
    .SetIsElementwise()
    .SetShapeFn(SelectV2Shape)
    .SetGradient(SelectV2Grad)
    .SetReferenceKernel(SelectV2Kernel)
    .SetElementEmitter(SelectV2Emitter)
    .Summary("condition ? t : e, with condition, t and e broadcast together.");

namespace ops {

Output SelectV2(const Scope& scope, const Output& condition, const Output& t, const Output& e) {
  return OpBuilder(scope, "SelectV2").Input(condition).Input(t).Input(e).Build().output(0);
}

}  // namespace ops
}  // namespace rill
