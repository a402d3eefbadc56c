// Select: condition ? t : e (TensorFlow's Select: inputs condition: bool, t, e; output; attr T).
// t and e have one shape; condition is a scalar (picks all of t or all of e), has t's shape
// (element by element), or is a vector as long as t's first dim (picks whole rows). SelectV2 is
// the broadcasting form.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// 2. Shape function (TensorFlow's rules): the merged shape of t and e, checked against
//    condition when both ranks are known.
absl::Status SelectShape(ShapeContext& c) {
  const PartialShape& cond = c.input(0);
  absl::StatusOr<PartialShape> data = c.input(1).Merge(c.input(2));
  if (!data.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("t and e must have the same shape, got ",
                                                   c.input(1).DebugString(), " and ",
                                                   c.input(2).DebugString()));
  }
  if (!cond.rank_known() || !data->rank_known() || cond.rank() == 0) {
    c.set_output(0, *std::move(data));
    return absl::OkStatus();
  }
  if (cond.rank() == 1 && data->rank() >= 1) {
    // A vector condition picks rows: its length is the first dim of t and e.
    std::vector<int64_t> dims = data->dims();
    if (cond.dim(0) >= 0 && dims[0] >= 0 && cond.dim(0) != dims[0]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a vector condition must be as long as the first dim of t and e: ", cond.DebugString(),
          " vs ", data->DebugString()));
    }
    if (dims[0] < 0) dims[0] = cond.dim(0);
    c.set_output(0, PartialShape(std::move(dims)));
    return absl::OkStatus();
  }
  absl::StatusOr<PartialShape> merged = data->Merge(cond);
  if (!merged.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "condition must be a scalar, a vector of the first dim of t and e, or have their "
        "shape: condition ",
        cond.DebugString(), ", t and e ", data->DebugString()));
  }
  c.set_output(0, *std::move(merged));
  return absl::OkStatus();
}

// 3. Gradient (TensorFlow's): dy flows to t where condition holds and to e elsewhere; none to
//    the bool condition.
absl::Status SelectGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& cond = c.input(0);
  const Output& dy = c.grad(0);
  Output zeros = ops::ZerosLike(s, dy);
  c.set_input_grad(1, ops::Select(s, cond, dy, zeros));
  c.set_input_grad(2, ops::Select(s, cond, zeros, dy));
  return absl::OkStatus();
}

// 4. Reference kernel, for every dtype rill holds but resource.
template <typename T>
absl::Status SelectValues(KernelContext& c) {
  const Tensor& cond = c.input(0);
  const Tensor& t = c.input(1);
  const Tensor& e = c.input(2);
  if (cond.shape().rank() == 0) {
    c.set_output(0, cond.data<bool>()[0] ? t : e);  // shares the chosen input's buffer
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, t.shape()));
  const bool* pick = cond.data<bool>();
  const T* ts = t.data<T>();
  const T* es = e.data<T>();
  T* o = out.data<T>();
  // Element by element, or (vector condition) row by row.
  const int64_t n = t.num_elements();
  if (n == 0) return absl::OkStatus();
  const int64_t row = cond.shape() == t.shape() ? 1 : n / t.shape().dim(0);
  for (int64_t i = 0; i < n; ++i) o[i] = pick[i / row] ? ts[i] : es[i];
  return absl::OkStatus();
}

absl::Status SelectKernel(KernelContext& c) {
  const TensorShape& cond = c.input(0).shape();
  const TensorShape& t = c.input(1).shape();
  if (!(t == c.input(2).shape())) {
    return c.InvalidArgument("t and e must have the same shape, got ", t.DebugString(), " and ",
                             c.input(2).shape().DebugString());
  }
  const bool rows = cond.rank() == 1 && t.rank() >= 1 && cond.dim(0) == t.dim(0);
  if (cond.rank() != 0 && !(cond == t) && !rows) {
    return c.InvalidArgument(
        "condition must be a scalar, a vector of the first dim of t and e, or have their shape: "
        "condition ",
        cond.DebugString(), ", t and e ", t.DebugString());
  }
  return DispatchDtype<AllTypes>(c, c.input(1).dtype(),
                                 [&]<typename T>() { return SelectValues<T>(c); });
}

// 5. Loop emitter. Not marked elementwise: a vector condition picks rows, which is not NumPy
//    broadcasting (SelectV2 is the elementwise form), so the condition is read at index (), (row)
//    or the element's own index.
absl::Status SelectEmitter(EmitterContext& c) {
  const int rank = c.output_shape().rank();
  std::vector<IndexValue> index;
  for (int d = 0; d < rank; ++d) index.push_back(c.output_index(d));
  std::vector<IndexValue> cond_index;
  const int cond_rank = c.input_shape(0).rank();
  if (cond_rank == rank) {
    cond_index = index;
  } else if (cond_rank == 1) {
    cond_index = {index[0]};
  } else if (cond_rank != 0) {
    return absl::UnimplementedError("condition shape");  // the kernel reports the error
  }
  c.set_output(0, c.Select(c.ReadInput(0, cond_index), c.ReadInput(1, index),
                           c.ReadInput(2, index)));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Select")
    .Input("condition: bool")
    .Input("t: T")
    .Input("e: T")
    .Output("output: T")
    .Attr("T: type")
    .SetShapeFn(SelectShape)
    .SetGradient(SelectGrad)
    .SetReferenceKernel(SelectKernel)
    .SetLoopEmitter(SelectEmitter)
    .Summary("condition ? t : e, with a scalar, same-shape or row-selecting condition.");

namespace ops {

Output Select(const Scope& scope, const Output& condition, const Output& t, const Output& e) {
  return OpBuilder(scope, "Select").Input(condition).Input(t).Input(e).Build().output(0);
}

}  // namespace ops
}  // namespace rill
