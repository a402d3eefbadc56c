// ColumnSums: each chunk of rows is added row by row into its own partial sum row (the loop over
// columns is cloned for AVX-512 and vectorised); chunks run on the pool, their partial rows are
// then added in chunk order.
#include "runtime/column_sums.h"

#include <algorithm>
#include <vector>

namespace rill::runtime {
namespace {

// out[j] = sum of rows [r0, r1) of x, in row order.
__attribute__((target_clones("avx512f", "default"))) void SumRows(int64_t n,
                                                                  const float* __restrict x,
                                                                  int64_t r0, int64_t r1,
                                                                  float* __restrict out) {
  std::fill(out, out + n, 0.0f);
  for (int64_t r = r0; r < r1; ++r) {
    const float* __restrict row = x + r * n;
    for (int64_t j = 0; j < n; ++j) out[j] += row[j];
  }
}

__attribute__((target_clones("avx512f", "default"))) void AddRow(int64_t n,
                                                                 const float* __restrict src,
                                                                 float* __restrict dst) {
  for (int64_t j = 0; j < n; ++j) dst[j] += src[j];
}

}  // namespace

void ColumnSums(int64_t m, int64_t n, const float* x, float* sums, ThreadPool* pool) {
  if (n <= 0) return;
  const int64_t chunks = ColumnSumsChunks(m);
  if (chunks == 1 || pool == nullptr || pool->num_threads() == 1) {
    // The same chunking on the calling thread.
    std::vector<float> part(chunks > 1 ? n : 0);
    for (int64_t c = 0; c < chunks; ++c) {
      SumRows(n, x, c * m / chunks, (c + 1) * m / chunks, c == 0 ? sums : part.data());
      if (c > 0) AddRow(n, part.data(), sums);
    }
    return;
  }
  std::vector<float> parts((chunks - 1) * n);
  pool->ParallelFor(chunks, [&](int64_t c) {
    SumRows(n, x, c * m / chunks, (c + 1) * m / chunks, c == 0 ? sums : parts.data() + (c - 1) * n);
  });
  for (int64_t c = 1; c < chunks; ++c) AddRow(n, parts.data() + (c - 1) * n, sums);
}

}  // namespace rill::runtime
