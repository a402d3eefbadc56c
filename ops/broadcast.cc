// NumPy broadcasting of concrete shapes for reference kernels.
#include "ops/broadcast.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace rill {

absl::StatusOr<TensorShape> BroadcastTensorShapes(absl::Span<const TensorShape> shapes) {
  int rank = 0;
  for (const TensorShape& s : shapes) rank = std::max(rank, s.rank());
  std::vector<int64_t> dims(rank, 1);
  for (size_t k = 0; k < shapes.size(); ++k) {
    const TensorShape& s = shapes[k];
    for (int i = 0; i < s.rank(); ++i) {
      const int d = rank - s.rank() + i;
      const int64_t have = dims[d];
      const int64_t want = s.dim(i);
      if (want == have || want == 1) continue;
      if (have == 1) {
        dims[d] = want;
        continue;
      }
      // Name the first shape that set this dim and the one that conflicts with it.
      std::string first;
      for (size_t j = 0; j < k; ++j) {
        const int jd = d - (rank - shapes[j].rank());
        if (jd >= 0 && shapes[j].dim(jd) == have) {
          first = shapes[j].DebugString();
          break;
        }
      }
      return absl::InvalidArgumentError(
          absl::StrCat("incompatible shapes for broadcasting: ", first, " vs ", s.DebugString()));
    }
  }
  return TensorShape::Create(dims);
}

std::vector<int64_t> BroadcastStrides(const TensorShape& in, const TensorShape& out) {
  const int rank = out.rank();
  std::vector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (int i = in.rank() - 1; i >= 0; --i) {
    const int d = rank - in.rank() + i;
    if (d >= 0) strides[d] = in.dim(i) == 1 ? 0 : stride;
    stride *= in.dim(i);
  }
  return strides;
}

}  // namespace rill
