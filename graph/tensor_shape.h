// Tensor shapes: PartialShape (unknown rank / unknown dims allowed) and fully defined TensorShape.
#ifndef RILL_GRAPH_TENSOR_SHAPE_H_
#define RILL_GRAPH_TENSOR_SHAPE_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "graph/tensor_shape.pb.h"

namespace rill {

// A shape that may be partially known: the rank may be unknown, and a dim of -1 is unknown.
class PartialShape {
 public:
  // Unknown rank.
  PartialShape();
  // Known rank with these dims (each >= 0 or -1 for unknown). RILL_CHECKs dims >= -1: for literals.
  PartialShape(std::initializer_list<int64_t> dims);
  explicit PartialShape(std::vector<int64_t> dims);

  // Unknown rank.
  static PartialShape Unknown();
  // Known rank, every dim unknown.
  static PartialShape UnknownOfRank(int rank);
  // Rank 0.
  static PartialShape Scalar();
  // Reads TF's TensorShapeProto (unknown_rank, dim.size == -1 unknown); InvalidArgument on dims < -1.
  static absl::StatusOr<PartialShape> FromProto(const TensorShapeProto& proto);
  // Writes TF's encoding (unknown_rank = true for an unknown rank).
  void ToProto(TensorShapeProto* proto) const;

  bool rank_known() const { return rank_known_; }
  // -1 if the rank is unknown.
  int rank() const { return rank_known_ ? static_cast<int>(dims_.size()) : -1; }
  // Dim i (-1 if unknown); requires a known rank and 0 <= i < rank (RILL_DCHECK).
  int64_t dim(int i) const;
  // The dims (empty when the rank is unknown).
  const std::vector<int64_t>& dims() const { return dims_; }

  // Rank known and no dim unknown.
  bool IsFullyDefined() const;
  // True if some fully defined shape could match both.
  bool IsCompatibleWith(const PartialShape& other) const;
  // The most specific shape matching both; InvalidArgument naming the conflict otherwise.
  absl::StatusOr<PartialShape> Merge(const PartialShape& other) const;

  // "[2,?,3]", "[]" for a scalar, "<unknown>" for unknown rank.
  std::string DebugString() const;
  // Structural equality (unknown dims compare equal to unknown dims).
  bool operator==(const PartialShape& other) const;
  bool operator!=(const PartialShape& other) const { return !(*this == other); }

 private:
  bool rank_known_ = false;
  std::vector<int64_t> dims_;
};

// A fully defined shape whose element count is known not to overflow int64.
class TensorShape {
 public:
  // Scalar.
  TensorShape();
  // RILL_CHECKs validity: for literals written in code only, never for user input (use Create).
  TensorShape(std::initializer_list<int64_t> dims);

  // InvalidArgument for a negative dim or element-count overflow.
  static absl::StatusOr<TensorShape> Create(absl::Span<const int64_t> dims);
  // InvalidArgument for unknown rank, unknown or negative dims, or overflow.
  static absl::StatusOr<TensorShape> FromProto(const TensorShapeProto& proto);
  // InvalidArgument unless `shape` is fully defined (and does not overflow).
  static absl::StatusOr<TensorShape> FromPartial(const PartialShape& shape);

  int rank() const { return static_cast<int>(dims_.size()); }
  // Dim i; requires 0 <= i < rank (RILL_DCHECK).
  int64_t dim(int i) const;
  const std::vector<int64_t>& dims() const { return dims_; }
  // Product of the dims (1 for a scalar).
  int64_t num_elements() const { return num_elements_; }

  PartialShape AsPartial() const;
  void ToProto(TensorShapeProto* proto) const;

  // "[2,3]", "[]" for a scalar.
  std::string DebugString() const;
  bool operator==(const TensorShape& other) const { return dims_ == other.dims_; }
  bool operator!=(const TensorShape& other) const { return !(*this == other); }

 private:
  std::vector<int64_t> dims_;
  int64_t num_elements_ = 1;
};

// NumPy broadcasting of two shapes (right-aligned; 1 stretches; unknown dims stay unknown unless the
// other side decides). Unknown rank in either gives unknown rank. InvalidArgument on incompatible dims.
absl::StatusOr<PartialShape> BroadcastShapes(const PartialShape& a, const PartialShape& b);

}  // namespace rill

#endif  // RILL_GRAPH_TENSOR_SHAPE_H_
