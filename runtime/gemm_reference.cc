// SgemmReference: the obvious loops; the yardstick for Sgemm's tests.
#include <algorithm>
#include <cmath>

#include "runtime/gemm.h"

namespace rill::runtime {

void SgemmReference(const GemmArgs& g) {
  for (int64_t i = 0; i < g.m; ++i) {
    for (int64_t j = 0; j < g.n; ++j) {
      float acc = 0.0f;
      for (int64_t p = 0; p < g.k; ++p) {
        const float a = g.trans_a ? g.a[p * g.lda + i] : g.a[i * g.lda + p];
        const float b = g.trans_b ? g.b[j * g.ldb + p] : g.b[p * g.ldb + j];
        acc += a * b;
      }
      float& c = g.c[i * g.ldc + j];
      float v = g.accumulate ? c + acc : acc;
      if (g.epilogue.bias != nullptr) v += g.epilogue.bias[j];
      if (g.epilogue.relu) v = std::isnan(v) ? v : std::max(v, 0.0f);
      c = v;
    }
  }
}

}  // namespace rill::runtime
