// The AVX2+FMA micro-kernel: the classic 6x16 tile of C in 12 ymm accumulators, one broadcast of A
// and two 8-float loads of B per step of K. Compiled with -mavx2 -mfma; called only where
// supported.
#include <immintrin.h>

#include "runtime/gemm_microkernel.h"

namespace rill::runtime::gemm_internal {
namespace {

constexpr int kMr = 6;
constexpr int kVecs = 2;  // ymm vectors per row: nr = 16

void Run(const MicroTile& t) {
  __m256 acc[kMr][kVecs];
#pragma GCC unroll 6
  for (int r = 0; r < kMr; ++r) {
#pragma GCC unroll 2
    for (int v = 0; v < kVecs; ++v) acc[r][v] = _mm256_setzero_ps();
  }
  const float* a = t.a;
  const float* b = t.b;
#pragma GCC unroll 4
  for (int64_t p = 0; p < t.kc; ++p) {
    __m256 bv[kVecs];
#pragma GCC unroll 2
    for (int v = 0; v < kVecs; ++v) bv[v] = _mm256_load_ps(b + 8 * v);
#pragma GCC unroll 6
    for (int r = 0; r < kMr; ++r) {
      const __m256 av = _mm256_broadcast_ss(a + r);
#pragma GCC unroll 2
      for (int v = 0; v < kVecs; ++v) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
    }
    a += kMr;
    b += 8 * kVecs;
  }
  const __m256 zero = _mm256_setzero_ps();
#pragma GCC unroll 6
  for (int r = 0; r < kMr; ++r) {
    float* c = t.c + r * t.ldc;
#pragma GCC unroll 2
    for (int v = 0; v < kVecs; ++v) {
      __m256 x = acc[r][v];
      if (t.load_c) x = _mm256_add_ps(_mm256_loadu_ps(c + 8 * v), x);
      if (t.bias != nullptr) x = _mm256_add_ps(x, _mm256_loadu_ps(t.bias + 8 * v));
      // max_ps returns its second operand when either is NaN: max(0, NaN) = NaN, as TF's Relu.
      if (t.relu) x = _mm256_max_ps(zero, x);
      _mm256_storeu_ps(c + 8 * v, x);
    }
  }
}

}  // namespace

const MicroKernel& Avx2MicroKernel() {
  // B micro-panel kc x 16 (16 KiB) stays in L1 while A panels stream from an mc x kc block in L2.
  static constexpr MicroKernel kernel{.name = "avx2_6x16",
                                      .mr = kMr,
                                      .nr = 8 * kVecs,
                                      .mc = 240,
                                      .kc = 256,
                                      .nc = 4096,
                                      .run = &Run,
                                      .gather = nullptr,
                                      .partial_tiles = false};
  return kernel;
}

}  // namespace rill::runtime::gemm_internal
