// BatchMatMulV2: matrix products over the last two dims with NumPy-broadcast batch dims
// (TensorFlow's BatchMatMulV2: inputs x, y; attrs T, adj_x, adj_y).
#include <vector>

#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/broadcast.h"
#include "ops/dtype_dispatch.h"
#include "ops/elementwise.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration below.

// 2. Shape function: broadcast(x's batch dims, y's batch dims) + [rows, cols].
absl::Status BatchMatMulShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(bool adj_x, c.attrs().GetBool("adj_x"));
  ASSIGN_OR_RETURN(bool adj_y, c.attrs().GetBool("adj_y"));
  const PartialShape& x = c.input(0);
  const PartialShape& y = c.input(1);
  for (const PartialShape* s : {&x, &y}) {
    if (s->rank_known() && s->rank() < 2) {
      return absl::InvalidArgumentError(absl::StrCat(s == &x ? "x" : "y",
                                                     " must have rank at least 2, got ",
                                                     s->DebugString()));
    }
  }
  if (!x.rank_known() || !y.rank_known()) {
    c.set_output(0, PartialShape::Unknown());
    return absl::OkStatus();
  }
  const int rx = x.rank();
  const int ry = y.rank();
  const int64_t rows = x.dim(adj_x ? rx - 1 : rx - 2);
  const int64_t x_inner = x.dim(adj_x ? rx - 2 : rx - 1);
  const int64_t y_inner = y.dim(adj_y ? ry - 1 : ry - 2);
  const int64_t cols = y.dim(adj_y ? ry - 2 : ry - 1);
  if (x_inner >= 0 && y_inner >= 0 && x_inner != y_inner) {
    return absl::InvalidArgumentError(absl::StrCat(
        "inner dims ", x_inner, " vs ", y_inner, " (x: ", x.DebugString(),
        ", y: ", y.DebugString(), ", adj_x=", adj_x ? "true" : "false",
        ", adj_y=", adj_y ? "true" : "false", ")"));
  }
  const PartialShape x_batch(std::vector<int64_t>(x.dims().begin(), x.dims().end() - 2));
  const PartialShape y_batch(std::vector<int64_t>(y.dims().begin(), y.dims().end() - 2));
  absl::StatusOr<PartialShape> batch = BroadcastShapes(x_batch, y_batch);
  if (!batch.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("batch dims ", x_batch.DebugString(), " and ",
                                                   y_batch.DebugString(),
                                                   " do not broadcast (x: ", x.DebugString(),
                                                   ", y: ", y.DebugString(), ")"));
  }
  std::vector<int64_t> dims = batch->dims();
  dims.push_back(rows);
  dims.push_back(cols);
  c.set_output(0, PartialShape(std::move(dims)));
  return absl::OkStatus();
}

// 3. Gradient (TensorFlow's _BatchMatMulV2): products of dy with the other operand, adjointed
//    to match, then summed over the batch dims each operand was broadcast along.
Output ReduceToShapeOf(const Scope& s, const Output& g, const Output& like) {
  if (like.shape().IsFullyDefined() && g.shape() == like.shape()) return g;
  Output shape = ops::Shape(s, like);
  ops::BroadcastGradientArgsOutputs r = ops::BroadcastGradientArgs(s, shape, ops::Shape(s, g));
  return ops::Reshape(s, ops::Sum(s, g, r.r0), shape);
}

absl::Status BatchMatMulGrad(GradientContext& c) {
  ASSIGN_OR_RETURN(bool adj_x, c.attrs().GetBool("adj_x"));
  ASSIGN_OR_RETURN(bool adj_y, c.attrs().GetBool("adj_y"));
  const Scope& s = c.scope();
  const Output& x = c.input(0);
  const Output& y = c.input(1);
  const Output& dz = c.grad(0);
  Output gx, gy;
  if (!adj_x && !adj_y) {
    gx = ops::BatchMatMulV2(s, dz, y, {.adj_y = true});
    gy = ops::BatchMatMulV2(s, x, dz, {.adj_x = true});
  } else if (!adj_x && adj_y) {
    gx = ops::BatchMatMulV2(s, dz, y);
    gy = ops::BatchMatMulV2(s, dz, x, {.adj_x = true});
  } else if (adj_x && !adj_y) {
    gx = ops::BatchMatMulV2(s, y, dz, {.adj_y = true});
    gy = ops::BatchMatMulV2(s, x, dz);
  } else {
    gx = ops::BatchMatMulV2(s, y, dz, {.adj_x = true, .adj_y = true});
    gy = ops::BatchMatMulV2(s, dz, x, {.adj_x = true, .adj_y = true});
  }
  c.set_input_grad(0, ReduceToShapeOf(s, gx, x));
  c.set_input_grad(1, ReduceToShapeOf(s, gy, y));
  return absl::OkStatus();
}

// 4. Reference kernel: for each broadcast batch index, the naive triple loop. Integers wrap.
absl::Status BatchMatMulKernel(KernelContext& c) {
  ASSIGN_OR_RETURN(bool adj_x, c.attrs().GetBool("adj_x"));
  ASSIGN_OR_RETURN(bool adj_y, c.attrs().GetBool("adj_y"));
  const Tensor& x = c.input(0);
  const Tensor& y = c.input(1);
  const int rx = x.shape().rank();
  const int ry = y.shape().rank();
  if (rx < 2 || ry < 2) {
    return c.InvalidArgument("x and y must have rank at least 2, got ", x.shape().DebugString(),
                             " and ", y.shape().DebugString());
  }
  const int64_t m = x.shape().dim(adj_x ? rx - 1 : rx - 2);
  const int64_t k = x.shape().dim(adj_x ? rx - 2 : rx - 1);
  const int64_t k2 = y.shape().dim(adj_y ? ry - 1 : ry - 2);
  const int64_t n = y.shape().dim(adj_y ? ry - 2 : ry - 1);
  if (k != k2) {
    return c.InvalidArgument("inner dims ", k, " vs ", k2, " (x: ", x.shape().DebugString(),
                             ", y: ", y.shape().DebugString(), ")");
  }
  const std::vector<int64_t>& xd = x.shape().dims();
  const std::vector<int64_t>& yd = y.shape().dims();
  ASSIGN_OR_RETURN(TensorShape x_batch, TensorShape::Create(std::vector<int64_t>(xd.begin(), xd.end() - 2)));
  ASSIGN_OR_RETURN(TensorShape y_batch, TensorShape::Create(std::vector<int64_t>(yd.begin(), yd.end() - 2)));
  absl::StatusOr<TensorShape> batch = BroadcastTensorShapes({x_batch, y_batch});
  if (!batch.ok()) return c.AddContext(batch.status());
  std::vector<int64_t> out_dims = batch->dims();
  out_dims.push_back(m);
  out_dims.push_back(n);
  ASSIGN_OR_RETURN(TensorShape out_shape, TensorShape::Create(out_dims));
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, out_shape));
  // Element (i, j) of each operand's (possibly adjointed) matrix.
  const int64_t x_rows = xd[rx - 2], x_cols = xd[rx - 1];
  const int64_t y_rows = yd[ry - 2], y_cols = yd[ry - 1];
  return DispatchDtype<RealTypes>(c, x.dtype(), [&]<typename T>() {
    const T* xp = x.data<T>();
    const T* yp = y.data<T>();
    T* zp = out.data<T>();
    ForEachBroadcastIndex<2>(*batch, {x_batch, y_batch},
                             [&](int64_t b, const std::array<int64_t, 2>& in) {
      const T* a = xp + in[0] * x_rows * x_cols;
      const T* bm = yp + in[1] * y_rows * y_cols;
      T* z = zp + b * m * n;
      for (int64_t i = 0; i < m; ++i) {
        for (int64_t j = 0; j < n; ++j) {
          T acc = 0;
          for (int64_t p = 0; p < k; ++p) {
            const T av = adj_x ? a[p * x_cols + i] : a[i * x_cols + p];
            const T bv = adj_y ? bm[j * y_cols + p] : bm[p * y_cols + j];
            acc = WrappingAdd(acc, WrappingMul(av, bv));
          }
          z[i * n + j] = acc;
        }
      }
    });
    return absl::OkStatus();
  });
}

// 5. Loop emitter: each output element is the kernel's dot product over p (from 0, in order); a
// batch coordinate is 0 in an operand whose batch dim is 1 (broadcast), else the output's.
absl::Status BatchMatMulEmitter(EmitterContext& c) {
  ASSIGN_OR_RETURN(bool adj_x, c.attrs().GetBool("adj_x"));
  ASSIGN_OR_RETURN(bool adj_y, c.attrs().GetBool("adj_y"));
  const TensorShape& xs = c.input_shape(0);
  const TensorShape& ys = c.input_shape(1);
  const TensorShape& zs = c.output_shape();
  if (xs.rank() < 2 || ys.rank() < 2 || zs.rank() < 2) return absl::UnimplementedError("rank");
  const int rz = zs.rank();
  const IndexValue i = c.output_index(rz - 2);
  const IndexValue j = c.output_index(rz - 1);
  // An operand's batch coordinates, right-aligned with the output's.
  auto batch = [&](const TensorShape& s) {
    std::vector<IndexValue> index;
    const int batch_rank = s.rank() - 2;
    for (int d = 0; d < batch_rank; ++d) {
      index.push_back(s.dim(d) == 1 ? c.Index(0) : c.output_index(d + (rz - 2 - batch_rank)));
    }
    return index;
  };
  const std::vector<IndexValue> bx = batch(xs), by = batch(ys);
  const int64_t k = xs.dim(adj_x ? xs.rank() - 2 : xs.rank() - 1);
  const ElemValue dot = c.Loop(
      k, {c.Constant(c.output_dtype(0), 0)}, [&](IndexValue p, const std::vector<ElemValue>& acc) {
        std::vector<IndexValue> xi = bx, yi = by;
        xi.push_back(adj_x ? p : i);
        xi.push_back(adj_x ? i : p);
        yi.push_back(adj_y ? j : p);
        yi.push_back(adj_y ? p : j);
        const ElemValue prod = c.Binary(ElemBinaryOp::kMul, c.ReadInput(0, xi), c.ReadInput(1, yi));
        return std::vector<ElemValue>{c.Binary(ElemBinaryOp::kAdd, acc[0], prod)};
      })[0];
  c.set_output(0, dot);
  return absl::OkStatus();
}

}  // namespace

// 6. Registration. TensorFlow also allows bfloat16, half, int16, the unsigned ints and complex
// types (for which adj_* conjugates).
RILL_REGISTER_OP("BatchMatMulV2")
    .Input("x: T")
    .Input("y: T")
    .Output("output: T")
    .Attr("T: {float, double, int32, int64, uint8}")
    .Attr("adj_x: bool = false")
    .Attr("adj_y: bool = false")
    .SetShapeFn(BatchMatMulShape)
    .SetGradient(BatchMatMulGrad)
    .SetReferenceKernel(BatchMatMulKernel)
    .SetLoopEmitter(BatchMatMulEmitter)
    .Summary("Batched matrix product with broadcast batch dims.");

namespace ops {

Output BatchMatMulV2(const Scope& scope, const Output& x, const Output& y,
                     const BatchMatMulAttrs& attrs) {
  return OpBuilder(scope, "BatchMatMulV2")
      .Input(x)
      .Input(y)
      .Attr("adj_x", attrs.adj_x)
      .Attr("adj_y", attrs.adj_y)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
