// Shared shape functions used by the op registrations.
#include "ops/shape_fns.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill::shape_fns {

absl::Status UnchangedShape(ShapeContext& c) {
  c.set_output(0, c.input(0));
  return absl::OkStatus();
}

absl::Status ForwardInputShapeAndValue(ShapeContext& c) {
  c.set_output(0, c.input(0));
  if (const Tensor* value = c.input_tensor(0); value != nullptr) c.set_output_tensor(0, *value);
  if (const PartialShape* shape = c.input_shape_value(0); shape != nullptr) {
    c.set_output_shape_value(0, *shape);
  }
  return absl::OkStatus();
}

absl::Status NoOutputs(ShapeContext& c) {
  if (c.num_outputs() != 0) {
    return absl::InternalError(
        absl::StrCat("NoOutputs used for an op with ", c.num_outputs(), " outputs"));
  }
  return absl::OkStatus();
}

absl::Status ScalarShape(ShapeContext& c) {
  c.set_output(0, PartialShape::Scalar());
  return absl::OkStatus();
}

absl::Status BroadcastBinaryShape(ShapeContext& c) {
  absl::StatusOr<PartialShape> out = BroadcastShapes(c.input(0), c.input(1));
  if (!out.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("incompatible shapes for broadcasting: ", c.input(0).DebugString(), " vs ",
                     c.input(1).DebugString()));
  }
  c.set_output(0, *std::move(out));
  return absl::OkStatus();
}

absl::Status ReductionShape(ShapeContext& c) {
  const PartialShape& in = c.input(0);
  const PartialShape& axes_shape = c.input(1);
  if (axes_shape.rank_known() && axes_shape.rank() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reduction axes must be a scalar or vector, got shape ", axes_shape.DebugString()));
  }
  ASSIGN_OR_RETURN(bool keep_dims, c.attrs().GetBool("keep_dims"));
  const Tensor* axes = c.input_tensor(1);
  if (axes == nullptr || !in.rank_known()) {
    c.set_output(0, keep_dims && in.rank_known() ? PartialShape::UnknownOfRank(in.rank())
                                                 : PartialShape::Unknown());
    return absl::OkStatus();
  }
  const int rank = in.rank();
  std::vector<bool> reduced(rank, false);
  for (int64_t k = 0; k < axes->num_elements(); ++k) {
    const int64_t axis =
        axes->dtype() == DT_INT64 ? axes->data<int64_t>()[k] : int64_t{axes->data<int32_t>()[k]};
    if (axis < -rank || axis >= rank) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid reduction axis ", axis, " for input of rank ", rank));
    }
    reduced[axis < 0 ? axis + rank : axis] = true;
  }
  std::vector<int64_t> dims;
  for (int i = 0; i < rank; ++i) {
    if (!reduced[i]) {
      dims.push_back(in.dim(i));
    } else if (keep_dims) {
      dims.push_back(1);
    }
  }
  c.set_output(0, PartialShape(std::move(dims)));
  return absl::OkStatus();
}

absl::StatusOr<PartialShape> WithRank(const PartialShape& shape, int rank, absl::string_view what) {
  if (!shape.rank_known()) return PartialShape::UnknownOfRank(rank);
  if (shape.rank() != rank) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must have rank ", rank, ", got ", shape.DebugString()));
  }
  return shape;
}

int64_t DimOrUnknown(const PartialShape& shape, int i) {
  return shape.rank_known() ? shape.dim(i) : -1;
}

absl::Status MatMulShape(ShapeContext& c) {
  ASSIGN_OR_RETURN(bool transpose_a, c.attrs().GetBool("transpose_a"));
  ASSIGN_OR_RETURN(bool transpose_b, c.attrs().GetBool("transpose_b"));
  ASSIGN_OR_RETURN(PartialShape a, WithRank(c.input(0), 2, "a"));
  ASSIGN_OR_RETURN(PartialShape b, WithRank(c.input(1), 2, "b"));
  const int64_t rows = a.dim(transpose_a ? 1 : 0);
  const int64_t a_inner = a.dim(transpose_a ? 0 : 1);
  const int64_t b_inner = b.dim(transpose_b ? 1 : 0);
  const int64_t cols = b.dim(transpose_b ? 0 : 1);
  if (a_inner >= 0 && b_inner >= 0 && a_inner != b_inner) {
    return absl::InvalidArgumentError(absl::StrCat(
        "inner dims ", a_inner, " vs ", b_inner, " (a: ", c.input(0).DebugString(),
        ", b: ", c.input(1).DebugString(), ", transpose_a=", transpose_a ? "true" : "false",
        ", transpose_b=", transpose_b ? "true" : "false", ")"));
  }
  c.set_output(0, PartialShape({rows, cols}));
  return absl::OkStatus();
}

}  // namespace rill::shape_fns
