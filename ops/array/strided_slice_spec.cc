// ComputeStridedSlice: sparse spec -> dense spec -> canonical bounds and shapes, step by step as
// TensorFlow's ValidateStridedSliceOp does it (the semantics TF graphs rely on).
#include "ops/array/strided_slice_spec.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/array/array_util.h"

namespace rill {
namespace {

constexpr int kShrinkAxis = -1;
constexpr int kNewAxis = -2;

uint64_t Bit(int i) { return uint64_t{1} << i; }

// The dense spec: ellipses and new axes expanded so there is one entry per input dim.
struct DenseSpec {
  std::vector<int64_t> begin, end, strides;
  uint64_t begin_mask = 0, end_mask = 0, shrink_mask = 0;
  // Where each output dim comes from: a dense index, kNewAxis, or kShrinkAxis (dropped).
  std::vector<int> final_gather;
};

absl::StatusOr<DenseSpec> BuildDenseSpec(const std::vector<int64_t>* begin,
                                         const std::vector<int64_t>* end,
                                         const std::vector<int64_t>& strides, int dense_dims,
                                         const StridedSliceMasks& masks) {
  int sparse_dims = static_cast<int>(strides.size());
  uint64_t ellipsis_mask = masks.ellipsis;
  // Count the new axes after the ellipsis; without an ellipsis, one is implied at the end.
  int num_add_axis_after_ellipsis = 0;
  bool ellipsis_seen = false;
  for (int i = 0; i < sparse_dims; ++i) {
    if (ellipsis_seen && (masks.new_axis & Bit(i)) != 0) ++num_add_axis_after_ellipsis;
    if ((ellipsis_mask & Bit(i)) != 0) ellipsis_seen = true;
  }
  if (!ellipsis_seen) {
    ellipsis_mask |= Bit(sparse_dims);
    ++sparse_dims;
  }
  DenseSpec dense;
  dense.begin.assign(dense_dims, 0);
  dense.end.assign(dense_dims, 0);
  dense.strides.assign(dense_dims, 0);
  int full_index = 0;
  for (int i = 0; i < sparse_dims; ++i) {
    if ((ellipsis_mask & Bit(i)) != 0) {
      // The ellipsis covers every dim not claimed by the entries after it (new axes claim none).
      const int next_index =
          std::min(dense_dims - (sparse_dims - i) + 1 + num_add_axis_after_ellipsis, dense_dims);
      for (; full_index < next_index; ++full_index) {
        dense.strides[full_index] = 1;
        dense.begin_mask |= Bit(full_index);
        dense.end_mask |= Bit(full_index);
        dense.final_gather.push_back(full_index);
      }
    } else if ((masks.new_axis & Bit(i)) != 0) {
      dense.final_gather.push_back(kNewAxis);
    } else {
      if (full_index == dense_dims) {
        return absl::InvalidArgumentError(absl::StrCat("Index out of range using input dim ",
                                                       full_index, "; input has only ", dense_dims,
                                                       " dims"));
      }
      if (begin != nullptr) dense.begin[full_index] = (*begin)[i];
      if (end != nullptr) dense.end[full_index] = (*end)[i];
      dense.strides[full_index] = strides[i];
      if ((masks.begin & Bit(i)) != 0) dense.begin_mask |= Bit(full_index);
      if ((masks.end & Bit(i)) != 0) dense.end_mask |= Bit(full_index);
      if ((masks.shrink_axis & Bit(i)) != 0) {
        dense.final_gather.push_back(kShrinkAxis);
        dense.shrink_mask |= Bit(full_index);
      } else {
        dense.final_gather.push_back(full_index);
      }
      ++full_index;
    }
  }
  return dense;
}

// Elements taken from an interval of `length` (signed like the stride) with `stride`.
int64_t IntervalSize(int64_t length, int64_t stride) {
  if (length == 0 || ((length < 0) != (stride < 0))) return 0;
  // Both have the same sign and stride != 0: a ceiling division that cannot overflow.
  const uint64_t l = length < 0 ? -static_cast<uint64_t>(length) : static_cast<uint64_t>(length);
  const uint64_t s = stride < 0 ? -static_cast<uint64_t>(stride) : static_cast<uint64_t>(stride);
  return static_cast<int64_t>(l / s + (l % s != 0 ? 1 : 0));
}

}  // namespace

absl::StatusOr<StridedSliceMasks> ReadStridedSliceMasks(const AttrSlice& attrs) {
  StridedSliceMasks masks;
  struct Field {
    const char* name;
    uint32_t* value;
  };
  for (const Field& f :
       {Field{"begin_mask", &masks.begin}, Field{"end_mask", &masks.end},
        Field{"ellipsis_mask", &masks.ellipsis}, Field{"new_axis_mask", &masks.new_axis},
        Field{"shrink_axis_mask", &masks.shrink_axis}}) {
    ASSIGN_OR_RETURN(int64_t v, attrs.GetInt(f.name));
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      return absl::InvalidArgumentError(
          absl::StrCat("attr '", f.name, "' = ", v, " does not fit int32"));
    }
    *f.value = static_cast<uint32_t>(static_cast<int32_t>(v));
  }
  return masks;
}

absl::StatusOr<StridedSliceDense> ComputeStridedSlice(const std::vector<int64_t>* begin,
                                                      const std::vector<int64_t>* end,
                                                      const std::vector<int64_t>& strides,
                                                      const PartialShape& input_shape,
                                                      const StridedSliceMasks& masks) {
  const size_t n = strides.size();
  if ((begin != nullptr && begin->size() != n) || (end != nullptr && end->size() != n) || n >= 32) {
    return absl::InvalidArgumentError(
        absl::StrCat("Expected begin, end, and strides to be 1D equal size tensors (of at most 31 "
                     "entries), but got sizes ",
                     begin != nullptr ? absl::StrCat(begin->size()) : "?", ", ",
                     end != nullptr ? absl::StrCat(end->size()) : "?", ", and ", n));
  }
  if (masks.ellipsis != 0 && (masks.ellipsis & (masks.ellipsis - 1)) != 0) {
    return absl::InvalidArgumentError("Multiple ellipses in slice spec not allowed");
  }
  const int rank = input_shape.rank();
  ASSIGN_OR_RETURN(DenseSpec dense, BuildDenseSpec(begin, end, strides, rank, masks));
  const bool begin_valid = begin != nullptr;
  const bool end_valid = end != nullptr;

  std::vector<int64_t> processing(rank);
  for (int i = 0; i < rank; ++i) {
    int64_t& begin_i = dense.begin[i];
    int64_t& end_i = dense.end[i];
    const int64_t stride_i = dense.strides[i];
    const int64_t dim_i = input_shape.dim(i);
    if (stride_i == 0) {
      return absl::InvalidArgumentError(absl::StrCat("strides[", i, "] must be non-zero"));
    }
    const bool shrink_i = (dense.shrink_mask & Bit(i)) != 0;
    if (dim_i == -1) {
      processing[i] = shrink_i ? 1 : -1;
      continue;
    }
    const bool begin_masked = (dense.begin_mask & Bit(i)) != 0;
    const bool end_masked = (dense.end_mask & Bit(i)) != 0;
    // Valid index range for the canonical begin/end: [0, dim] forwards, [-1, dim-1] backwards.
    const int64_t lo = stride_i > 0 ? 0 : -1;
    const int64_t hi = stride_i > 0 ? dim_i : dim_i - 1;
    auto canonical = [&](int64_t x, bool masked, bool is_end) {
      if (masked) return (stride_i > 0) == is_end ? hi : lo;
      const int64_t fwd = x < 0 ? dim_i + x : x;  // negative indices count from the end
      return std::clamp(fwd, lo, hi);
    };
    if (shrink_i && stride_i <= 0) {
      return absl::InvalidArgumentError("only stride 1 allowed on non-range indexing.");
    }
    if (begin_valid && end_valid) {
      if (shrink_i) {
        // foo[-1] arrives as begin -1, end 0: rebuild end from the canonical begin.
        const int64_t fwd = begin_i < 0 ? dim_i + begin_i : begin_i;
        begin_i = fwd;
        end_i = fwd + 1;
        if (fwd < 0 || fwd >= dim_i) {
          return absl::InvalidArgumentError(
              absl::StrCat("slice index ", fwd, " of dimension ", i, " out of bounds."));
        }
      } else {
        begin_i = canonical(begin_i, begin_masked, /*is_end=*/false);
        end_i = canonical(end_i, end_masked, /*is_end=*/true);
      }
      processing[i] = IntervalSize(end_i - begin_i, stride_i);
    } else if (shrink_i) {
      processing[i] = 1;
    } else if (begin_masked && end_masked && dim_i > 0) {
      processing[i] = IntervalSize(stride_i < 0 ? -dim_i : dim_i, stride_i);
    } else {
      processing[i] = -1;
    }
  }

  std::vector<int64_t> final_dims;
  for (int g : dense.final_gather) {
    if (g >= 0) {
      final_dims.push_back(processing[g]);
    } else if (g == kNewAxis) {
      final_dims.push_back(1);
    }
  }
  StridedSliceDense result;
  result.begin = std::move(dense.begin);
  result.end = std::move(dense.end);
  result.strides = std::move(dense.strides);
  result.processing_shape = PartialShape(std::move(processing));
  result.final_shape = PartialShape(std::move(final_dims));
  return result;
}

absl::StatusOr<StridedSliceDense> ConstantStridedSlice(const Tensor* begin, const Tensor* end,
                                                       const Tensor* strides,
                                                       const TensorShape& input_shape,
                                                       const AttrSlice& attrs) {
  if (begin == nullptr || end == nullptr || strides == nullptr) {
    return absl::UnimplementedError("begin, end and strides are not constants");
  }
  absl::StatusOr<StridedSliceDense> dense = [&]() -> absl::StatusOr<StridedSliceDense> {
    ASSIGN_OR_RETURN(StridedSliceMasks masks, ReadStridedSliceMasks(attrs));
    ASSIGN_OR_RETURN(std::vector<int64_t> b, array_util::IndexValues(*begin, "begin"));
    ASSIGN_OR_RETURN(std::vector<int64_t> e, array_util::IndexValues(*end, "end"));
    ASSIGN_OR_RETURN(std::vector<int64_t> s, array_util::IndexValues(*strides, "strides"));
    if (b.size() != s.size() || e.size() != s.size()) {
      return absl::InvalidArgumentError("begin, end and strides differ in length");
    }
    return ComputeStridedSlice(&b, &e, s, input_shape.AsPartial(), masks);
  }();
  if (!dense.ok()) {
    return absl::UnimplementedError(
        absl::StrCat("invalid slice, left to the kernel: ", dense.status().message()));
  }
  return dense;
}

std::vector<int> OutputDimOfEachInputDim(const StridedSliceDense& dense) {
  std::vector<int> result;
  int next = 0;
  for (int d = 0; d < dense.processing_shape.rank(); ++d) {
    if (dense.processing_shape.dim(d) == 1) {
      result.push_back(-1);
      continue;
    }
    while (next < dense.final_shape.rank() && dense.final_shape.dim(next) == 1) ++next;
    result.push_back(next++);
  }
  return result;
}

}  // namespace rill
