// ColumnSums: the sums of the rows of a row-major [m, n] matrix (BiasAddGrad over NHWC), for
// compiled kernels. Vectorised over columns; deterministic for any thread count.
#ifndef RILL_RUNTIME_COLUMN_SUMS_H_
#define RILL_RUNTIME_COLUMN_SUMS_H_

#include <algorithm>
#include <cstdint>

#include "runtime/thread_pool.h"

namespace rill::runtime {

// sums[j] = x[0, j] + x[1, j] + ... + x[m-1, j]. The rows are cut into a number of chunks that
// depends only on m (one chunk, summed in row order, for m < 8192); each chunk is summed in row
// order and the chunk sums are added in chunk order, so the result does not depend on the
// thread count. m == 0 gives zeros.
void ColumnSums(int64_t m, int64_t n, const float* x, float* sums, ThreadPool* pool);

// The number of row chunks ColumnSums cuts m rows into (chunk c is rows [c*m/k, (c+1)*m/k)).
// Generated kernels that fuse a column sum use it too, to add in exactly ColumnSums' order.
inline int64_t ColumnSumsChunks(int64_t m) {
  constexpr int64_t kRowsPerChunk = 4096;
  constexpr int64_t kMaxChunks = 8;
  return std::clamp<int64_t>(m / kRowsPerChunk, 1, kMaxChunks);
}

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_COLUMN_SUMS_H_
