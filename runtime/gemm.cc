// Sgemm: PLACEHOLDER driver (row blocks split across the pool, reference loops inside) so the
// compiler and convolutions can be integrated while the packed, register-tiled kernel is written.
#include "runtime/gemm.h"

namespace rill::runtime {

void Sgemm(const GemmArgs& g, ThreadPool* pool) {
  auto rows = [&](int64_t begin, int64_t end) {
    GemmArgs part = g;
    part.m = end - begin;
    part.a = g.trans_a ? g.a + begin : g.a + begin * g.lda;
    part.c = g.c + begin * g.ldc;
    SgemmReference(part);
  };
  if (pool == nullptr) return rows(0, g.m);
  pool->ParallelForRange(g.m, 64, rows);
}

}  // namespace rill::runtime
