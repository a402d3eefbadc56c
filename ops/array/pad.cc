// Pad and PadV2: surround a tensor with paddings[i] = [before, after] elements per dim, zeros
// (Pad) or a given scalar (PadV2) (TensorFlow's ops: inputs input, paddings: Tpaddings
// [, constant_values: T]; attrs T, Tpaddings). A tightly coupled pair, so one file.
#include <algorithm>
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
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registrations at the bottom.

// Checks paddings values (row-major [rank, 2]) are non-negative, and small enough that adding
// them to a dim cannot overflow.
absl::Status CheckPaddings(const std::vector<int64_t>& p, int64_t rank) {
  if (static_cast<int64_t>(p.size()) != 2 * rank) {
    return absl::InvalidArgumentError(
        absl::StrCat("paddings has ", p.size(), " values, expected ", 2 * rank));
  }
  for (size_t i = 0; i + 1 < p.size(); i += 2) {
    if (p[i] < 0 || p[i + 1] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("Paddings must be non-negative: ", p[i], " ", p[i + 1]));
    }
    if (p[i] > INT64_MAX / 4 || p[i + 1] > INT64_MAX / 4) {
      return absl::InvalidArgumentError(
          absl::StrCat("Paddings are too large: ", p[i], " ", p[i + 1]));
    }
  }
  return absl::OkStatus();
}

absl::Status PadKernel(KernelContext& c);

// 2. Shape function (TensorFlow's PadShapeFn): paddings is [rank, 2]; constant paddings make
// the dims exact.
absl::Status PadShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(PartialShape paddings, shape_fns::WithRank(c.input(1), 2, "paddings"));
  if (paddings.dim(1) >= 0 && paddings.dim(1) != 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "paddings must be a matrix with 2 columns, got shape ", paddings.DebugString()));
  }
  if (c.num_inputs() == 3) {
    RETURN_IF_ERROR(shape_fns::WithRank(c.input(2), 0, "constant_values").status());
  }
  PartialShape in = c.input(0);
  int64_t rank = paddings.dim(0);
  if (rank >= 0) {
    ASSIGN_OR_RETURN(in, shape_fns::WithRank(in, static_cast<int>(rank), "input"));
  } else if (in.rank_known()) {
    rank = in.rank();
  }
  const Tensor* paddings_t = c.input_tensor(1);
  if (paddings_t == nullptr || rank < 0) {
    if (rank >= 0) c.set_output(0, PartialShape::UnknownOfRank(static_cast<int>(rank)));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> p, array_util::IndexValues(*paddings_t, "paddings"));
  RETURN_IF_ERROR(CheckPaddings(p, rank));
  std::vector<int64_t> dims(rank);
  for (int64_t i = 0; i < rank; ++i) {
    const int64_t d = in.dim(static_cast<int>(i));
    dims[i] = d < 0 ? -1 : d + p[2 * i] + p[2 * i + 1];
  }
  c.set_output(0, PartialShape(std::move(dims)));
  array_util::PublishConstantOutputs(c, PadKernel);
  return absl::OkStatus();
}

// 3. Gradient: dx = Slice(dy, paddings[:, 0], Shape(x)); paddings (and constant_values, as in
// TensorFlow) get none.
absl::Status PadGrad(GradientContext& c) {
  const Scope& s = c.scope();
  const Output& paddings = c.input(1);
  const DataType index = BaseType(paddings.dtype());
  ASSIGN_OR_RETURN(Tensor zeros, array_util::MakeIndexTensor(index, TensorShape({2}), {0, 0}));
  ASSIGN_OR_RETURN(Tensor first_col, array_util::MakeIndexTensor(index, TensorShape({2}), {-1, 1}));
  const Output before = ops::Slice(s, paddings, ops::Const(s, zeros), ops::Const(s, first_col));
  const Output begin = ops::Reshape(s, before, ops::Const(s, {-1}));
  c.set_input_grad(0,
                   ops::Slice(s, c.grad(0), begin, ops::Shape(s, c.input(0), {.out_type = index})));
  return absl::OkStatus();
}

// 4. Reference kernel, every host dtype: fill with the pad value, then scatter the input.
absl::Status PadKernel(KernelContext& c) {
  const Tensor& x = c.input(0);
  const Tensor& paddings_t = c.input(1);
  const int rank = x.shape().rank();
  if (paddings_t.shape().rank() != 2 || paddings_t.shape().dim(1) != 2) {
    return c.InvalidArgument("paddings must be a matrix with 2 columns: ",
                             paddings_t.shape().DebugString());
  }
  if (paddings_t.shape().dim(0) != rank) {
    return c.InvalidArgument("The first dimension of paddings must be the rank of inputs",
                             paddings_t.shape().DebugString(), " ", x.shape().DebugString());
  }
  if (c.num_inputs() == 3 && c.input(2).shape().rank() != 0) {
    return c.InvalidArgument("constant_values must be a scalar. Got: ",
                             c.input(2).shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> p, array_util::IndexValues(paddings_t, "paddings"));
  RETURN_IF_ERROR(c.AddContext(CheckPaddings(p, rank)));
  std::vector<int64_t> dims(rank);
  for (int i = 0; i < rank; ++i) {
    dims[i] = x.shape().dim(i) + p[2 * i] + p[2 * i + 1];
  }
  absl::StatusOr<TensorShape> out_shape = TensorShape::Create(dims);
  if (!out_shape.ok()) return c.AddContext(out_shape.status());
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *out_shape));
  if (c.num_inputs() == 3) {
    RETURN_IF_ERROR(DispatchDtype<AllTypes>(c, x.dtype(), [&]<typename T>() -> absl::Status {
      const T value = c.input(2).data<T>()[0];
      for (int64_t i = 0; i < out.num_elements(); ++i) out.data<T>()[i] = value;
      return absl::OkStatus();
    }));
  }
  const std::vector<int64_t> out_strides = array_util::RowMajorStrides(dims);
  int64_t base = 0;
  for (int i = 0; i < rank; ++i) base += p[2 * i] * out_strides[i];
  return array_util::ScatterStrided(c, x, 0, out, x.shape().dims(), out_strides, base);
}

// 5. Loop emitter (Pad and PadV2): inside the input, its element; elsewhere 0 (Pad) or
// constant_values (PadV2). Needs constant paddings.
absl::Status PadEmitter(EmitterContext& c) {
  const Tensor* paddings_t = c.constant_input(1);
  if (paddings_t == nullptr) return absl::UnimplementedError("paddings are not a constant");
  ASSIGN_OR_RETURN(std::vector<int64_t> paddings, array_util::IndexValues(*paddings_t, "paddings"));
  const TensorShape& in = c.input_shape(0);
  if (static_cast<int>(paddings.size()) != 2 * in.rank()) return absl::UnimplementedError("rank");
  using I = IndexOp;
  ElemValue inside = c.Constant(DT_BOOL, 1);
  std::vector<IndexValue> index(in.rank());
  for (int d = 0; d < in.rank(); ++d) {
    const IndexValue i = c.IndexArith(I::kSub, c.output_index(d), c.Index(paddings[2 * d]));
    inside = c.Binary(ElemBinaryOp::kLogicalAnd, inside,
                      c.Binary(ElemBinaryOp::kLogicalAnd,
                               c.IndexCompare(ElemCompare::kGe, i, c.Index(0)),
                               c.IndexCompare(ElemCompare::kLt, i, c.Index(in.dim(d)))));
    index[d] = c.IndexArith(I::kMin, c.IndexArith(I::kMax, i, c.Index(0)),
                            c.Index(std::max<int64_t>(in.dim(d) - 1, 0)));
  }
  if (in.num_elements() == 0) return absl::UnimplementedError("empty input");
  const ElemValue pad =
      c.num_inputs() > 2 ? c.ReadInput(2, {}) : c.Constant(c.output_dtype(0), 0);
  c.set_output(0, c.Select(inside, c.ReadInput(0, index), pad));
  return absl::OkStatus();
}

}  // namespace

// 6. Registrations.
RILL_REGISTER_OP("Pad")
    .Input("input: T")
    .Input("paddings: Tpaddings")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Tpaddings: {int32, int64} = DT_INT32")
    .SetShapeFn(PadShape)
    .SetGradient(PadGrad)
    .SetReferenceKernel(PadKernel)
    .SetLoopEmitter(PadEmitter)
    .Summary("Pads with zeros: paddings[i] = [before, after] for dim i.");

RILL_REGISTER_OP("PadV2")
    .Input("input: T")
    .Input("paddings: Tpaddings")
    .Input("constant_values: T")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Tpaddings: {int32, int64} = DT_INT32")
    .SetShapeFn(PadShape)
    .SetGradient(PadGrad)
    .SetReferenceKernel(PadKernel)
    .SetLoopEmitter(PadEmitter)
    .Summary("Pads with constant_values: paddings[i] = [before, after] for dim i.");

namespace ops {

Output Pad(const Scope& scope, const Output& input, const Output& paddings) {
  return OpBuilder(scope, "Pad").Input(input).Input(paddings).Build().output(0);
}

Output PadV2(const Scope& scope, const Output& input, const Output& paddings,
             const Output& constant_values) {
  return OpBuilder(scope, "PadV2")
      .Input(input)
      .Input(paddings)
      .Input(constant_values)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
