// PartialShape / TensorShape: validation, proto conversion, merging and NumPy broadcasting.
#include "graph/tensor_shape.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/status_macros.h"

namespace rill {
namespace {

// Checks dims are >= 0 and their product fits int64; returns the product.
absl::StatusOr<int64_t> CountElements(absl::Span<const int64_t> dims) {
  int64_t n = 1;
  bool has_zero = false;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] < 0) {
      return absl::InvalidArgumentError(absl::StrCat("dimension ", i, " is ", dims[i],
                                                     "; dims must be >= 0 in [",
                                                     absl::StrJoin(dims, ","), "]"));
    }
    if (dims[i] == 0) has_zero = true;
  }
  // A zero dim makes the count 0 whatever the others are, but TF still rejects products of the
  // remaining dims that overflow; we check the product of non-zero dims so [0, 2^62, 2^62] fails too.
  for (int64_t d : dims) {
    if (d == 0) continue;
    if (__builtin_mul_overflow(n, d, &n)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "shape [", absl::StrJoin(dims, ","), "] has more than 2^63-1 elements"));
    }
  }
  return has_zero ? 0 : n;
}

std::string DimsString(const std::vector<int64_t>& dims) {
  std::string out = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) out += ",";
    if (dims[i] < 0) {
      out += "?";
    } else {
      absl::StrAppend(&out, dims[i]);
    }
  }
  out += "]";
  return out;
}

}  // namespace

// ---------------- PartialShape ----------------

PartialShape::PartialShape() = default;

PartialShape::PartialShape(std::initializer_list<int64_t> dims)
    : PartialShape(std::vector<int64_t>(dims)) {}

PartialShape::PartialShape(std::vector<int64_t> dims) : rank_known_(true), dims_(std::move(dims)) {
  for (int64_t d : dims_) RILL_CHECK(d >= -1, "PartialShape dim < -1; use FromProto for user input");
}

PartialShape PartialShape::Unknown() { return PartialShape(); }

PartialShape PartialShape::UnknownOfRank(int rank) {
  RILL_CHECK(rank >= 0);
  return PartialShape(std::vector<int64_t>(rank, -1));
}

PartialShape PartialShape::Scalar() { return PartialShape(std::vector<int64_t>()); }

absl::StatusOr<PartialShape> PartialShape::FromProto(const TensorShapeProto& proto) {
  if (proto.unknown_rank()) {
    if (proto.dim_size() > 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "TensorShapeProto has unknown_rank set but also ", proto.dim_size(), " dims"));
    }
    return PartialShape();
  }
  std::vector<int64_t> dims;
  dims.reserve(proto.dim_size());
  for (int i = 0; i < proto.dim_size(); ++i) {
    const int64_t d = proto.dim(i).size();
    if (d < -1) {
      return absl::InvalidArgumentError(
          absl::StrCat("TensorShapeProto dim ", i, " has size ", d, "; must be >= -1"));
    }
    dims.push_back(d);
  }
  return PartialShape(std::move(dims));
}

void PartialShape::ToProto(TensorShapeProto* proto) const {
  proto->Clear();
  if (!rank_known_) {
    proto->set_unknown_rank(true);
    return;
  }
  for (int64_t d : dims_) proto->add_dim()->set_size(d);
}

int64_t PartialShape::dim(int i) const {
  RILL_DCHECK(rank_known_ && i >= 0 && i < static_cast<int>(dims_.size()));
  return dims_[i];
}

bool PartialShape::IsFullyDefined() const {
  if (!rank_known_) return false;
  for (int64_t d : dims_) {
    if (d < 0) return false;
  }
  return true;
}

bool PartialShape::IsCompatibleWith(const PartialShape& other) const { return Merge(other).ok(); }

absl::StatusOr<PartialShape> PartialShape::Merge(const PartialShape& other) const {
  if (!rank_known_) return other;
  if (!other.rank_known_) return *this;
  if (dims_.size() != other.dims_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("shapes ", DebugString(), " and ",
                                                   other.DebugString(), " have different ranks (",
                                                   dims_.size(), " vs ", other.dims_.size(), ")"));
  }
  std::vector<int64_t> merged(dims_.size());
  for (size_t i = 0; i < dims_.size(); ++i) {
    const int64_t a = dims_[i], b = other.dims_[i];
    if (a >= 0 && b >= 0 && a != b) {
      return absl::InvalidArgumentError(absl::StrCat("shapes ", DebugString(), " and ",
                                                     other.DebugString(), " differ in dim ", i,
                                                     " (", a, " vs ", b, ")"));
    }
    merged[i] = a >= 0 ? a : b;
  }
  return PartialShape(std::move(merged));
}

std::string PartialShape::DebugString() const {
  return rank_known_ ? DimsString(dims_) : "<unknown>";
}

bool PartialShape::operator==(const PartialShape& other) const {
  return rank_known_ == other.rank_known_ && dims_ == other.dims_;
}

// ---------------- TensorShape ----------------

TensorShape::TensorShape() = default;

TensorShape::TensorShape(std::initializer_list<int64_t> dims) : dims_(dims) {
  absl::StatusOr<int64_t> n = CountElements(dims_);
  RILL_CHECK(n.ok(), "invalid TensorShape literal; use TensorShape::Create for user input");
  num_elements_ = *n;
}

absl::StatusOr<TensorShape> TensorShape::Create(absl::Span<const int64_t> dims) {
  ASSIGN_OR_RETURN(int64_t n, CountElements(dims));
  TensorShape shape;
  shape.dims_.assign(dims.begin(), dims.end());
  shape.num_elements_ = n;
  return shape;
}

absl::StatusOr<TensorShape> TensorShape::FromProto(const TensorShapeProto& proto) {
  if (proto.unknown_rank()) {
    return absl::InvalidArgumentError("expected a fully defined shape, got unknown rank");
  }
  std::vector<int64_t> dims;
  dims.reserve(proto.dim_size());
  for (int i = 0; i < proto.dim_size(); ++i) dims.push_back(proto.dim(i).size());
  return Create(dims);
}

absl::StatusOr<TensorShape> TensorShape::FromPartial(const PartialShape& shape) {
  if (!shape.IsFullyDefined()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a fully defined shape, got ", shape.DebugString()));
  }
  return Create(shape.dims());
}

int64_t TensorShape::dim(int i) const {
  RILL_DCHECK(i >= 0 && i < static_cast<int>(dims_.size()));
  return dims_[i];
}

PartialShape TensorShape::AsPartial() const { return PartialShape(dims_); }

void TensorShape::ToProto(TensorShapeProto* proto) const {
  proto->Clear();
  for (int64_t d : dims_) proto->add_dim()->set_size(d);
}

std::string TensorShape::DebugString() const { return DimsString(dims_); }

// ---------------- Broadcasting ----------------

absl::StatusOr<PartialShape> BroadcastShapes(const PartialShape& a, const PartialShape& b) {
  if (!a.rank_known() || !b.rank_known()) return PartialShape::Unknown();
  const int rank = std::max(a.rank(), b.rank());
  std::vector<int64_t> out(rank);
  for (int i = 0; i < rank; ++i) {
    // Right-aligned: missing leading dims act as 1.
    const int ia = i - (rank - a.rank());
    const int ib = i - (rank - b.rank());
    const int64_t da = ia >= 0 ? a.dim(ia) : 1;
    const int64_t db = ib >= 0 ? b.dim(ib) : 1;
    if (da == 1) {
      out[i] = db;
    } else if (db == 1) {
      out[i] = da;
    } else if (da == -1 && db == -1) {
      out[i] = -1;
    } else if (da == -1) {
      // The unknown side must be 1 or db; either way the result is db (db != 1 here).
      out[i] = db;
    } else if (db == -1) {
      out[i] = da;
    } else if (da == db) {
      out[i] = da;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("shapes ", a.DebugString(), " and ",
                                                     b.DebugString(), " cannot broadcast: dim ",
                                                     da, " vs ", db));
    }
  }
  return PartialShape(std::move(out));
}

}  // namespace rill
