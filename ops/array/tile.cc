// Tile: repeats a tensor multiples[i] times along each dim i (TensorFlow's Tile: inputs input,
// multiples: Tmultiples; attrs T, Tmultiples).
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/array_util.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/emitter_context.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// TensorFlow's dim product for shape inference: 0 and 1 decide even against an unknown dim.
int64_t MultiplyDims(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  if (a == 1) return b;
  if (b == 1) return a;
  if (a < 0 || b < 0) return -1;
  return a > INT64_MAX / b ? -1 : a * b;
}

absl::Status TileKernel(KernelContext& c);

// 2. Shape function: dims multiply with the multiples as far as either is known.
absl::Status TileShape(ShapeContext& c) {
  PartialShape in = c.input(0);
  ASSIGN_OR_RETURN(PartialShape multiples, c.MakeShapeFromShapeTensor(1));
  if (in.rank_known()) {
    ASSIGN_OR_RETURN(multiples, shape_fns::WithRank(multiples, in.rank(), "multiples"));
  }
  if (!multiples.rank_known()) return absl::OkStatus();
  ASSIGN_OR_RETURN(in, shape_fns::WithRank(in, multiples.rank(), "input"));
  std::vector<int64_t> dims(multiples.rank());
  for (int i = 0; i < multiples.rank(); ++i) dims[i] = MultiplyDims(in.dim(i), multiples.dim(i));
  c.set_output(0, PartialShape(std::move(dims)));
  array_util::PublishConstantOutputs(c, TileKernel);
  return absl::OkStatus();
}

// 3. Gradient: view dy as [m0, d0, m1, d1, ...] and sum the multiple axes (0, 2, 4, ...); works
// with unknown dims since every shape is a tensor. multiples gets none.
absl::Status TileGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& multiples = c.input(1);
  const Output shape = ops::Shape(s, c.input(0), {.out_type = BaseType(multiples.dtype())});
  const Output pairs = ops::Transpose(s, ops::Pack(s, {multiples, shape}), ops::Const(s, {1, 0}));
  const Output split_shape = ops::Reshape(s, pairs, ops::Const(s, {-1}));
  const Output axes = ops::Range(s, ops::Const(s, 0), ops::Size(s, split_shape), ops::Const(s, 2));
  c.set_input_grad(0, ops::Sum(s, ops::Reshape(s, c.grad(0), split_shape), axes));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: output index i reads input index i mod dim.
absl::Status TileKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  const Tensor& multiples_t = c.input(1);
  const int rank = x.shape().rank();
  if (multiples_t.shape().rank() != 1 || multiples_t.num_elements() != rank) {
    return c.InvalidArgument("Expected multiples argument to be a vector of length ", rank,
                             " but got length ", multiples_t.shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> m, array_util::IndexValues(multiples_t, "multiples"));
  std::vector<int64_t> dims(rank);
  for (int i = 0; i < rank; ++i) {
    if (m[i] < 0) return c.InvalidArgument("Expected multiples[", i, "] >= 0, but got ", m[i]);
    const int64_t d = x.shape().dim(i);
    if (d != 0 && m[i] > INT64_MAX / d) {
      return c.InvalidArgument("tiling dim ", i, " (", d, ") ", m[i], " times overflows");
    }
    dims[i] = d * m[i];
  }
  absl::StatusOr<TensorShape> out_shape = TensorShape::Create(dims);
  if (!out_shape.ok()) return c.AddContext(out_shape.status());
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *out_shape));
  const std::vector<int64_t> in_strides = array_util::RowMajorStrides(x.shape().dims());
  return DispatchDtype<AllTypes>(c, x.dtype(), [&]<typename T>() -> absl::Status {
    const T* src = x.data<T>();
    T* dst = out.data<T>();
    std::vector<int64_t> index(rank, 0);
    for (int64_t k = 0; k < out.num_elements(); ++k) {
      int64_t offset = 0;
      for (int d = 0; d < rank; ++d) offset += (index[d] % x.shape().dim(d)) * in_strides[d];
      dst[k] = src[offset];
      for (int d = rank - 1; d >= 0; --d) {
        if (++index[d] < dims[d]) break;
        index[d] = 0;
      }
    }
    return absl::OkStatus();
  });
}

// 5. Loop emitter: output coordinate d reads input coordinate (d mod the input's dim).
absl::Status TileEmitter(EmitterContext& c) {
  const TensorShape& in = c.input_shape(0);
  if (in.rank() != c.output_shape().rank()) return absl::UnimplementedError("rank");
  std::vector<IndexValue> index(in.rank());
  for (int d = 0; d < in.rank(); ++d) {
    index[d] = c.IndexArith(IndexOp::kRem, c.output_index(d), c.Index(in.dim(d)));
  }
  c.set_output(0, c.ReadInput(0, index));
  return absl::OkStatus();
}

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("Tile")
    .Input("input: T")
    .Input("multiples: Tmultiples")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Tmultiples: {int32, int64} = DT_INT32")
    .SetShapeFn(TileShape)
    .SetGradient(TileGrad)
    .SetReferenceKernel(TileKernel)
    .SetLoopEmitter(TileEmitter)
    .Summary("Repeats the input multiples[i] times along dim i.");

namespace ops {

Output Tile(const Scope& scope, const Output& input, const Output& multiples) {
  return OpBuilder(scope, "Tile").Input(input).Input(multiples).Build().output(0);
}

}  // namespace ops
}  // namespace rill
