// Shared shape functions used by the op registrations.
#include "ops/shape_fns.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill::shape_fns {

absl::Status UnchangedShape(ShapeContext& c) {
  c.set_output(0, c.input(0));
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
