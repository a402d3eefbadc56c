// The AVX2+FMA micro-kernel: the classic 6x16 tile of C in 12 ymm accumulators, one broadcast of A
// and two 8-float loads of B per step of K; partial edge tiles through masked loads and stores.
// Compiled with -mavx2 -mfma; called only where supported.
#include <immintrin.h>

#include "runtime/gemm_microkernel.h"

namespace rill::runtime::gemm_internal {
namespace {

constexpr int kMr = 6;
constexpr int kVecs = 2;  // ymm vectors per row: nr = 16

// C = (C +) acc (+ bias), relu; a partial tile (t.rows x t.cols) through vmaskmovps loads and
// stores, which leave the rest of C (and the bias past t.cols) untouched.
template <bool kPartial>
inline void WriteBack(const MicroTile& t, __m256 (&acc)[kMr][kVecs]) {
  const __m256 zero = _mm256_setzero_ps();
  __m256i masks[kVecs];
  for (int v = 0; v < kVecs; ++v) {
    // Lane l is on (sign bit set) when 8 * v + l < cols.
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    masks[v] = _mm256_cmpgt_epi32(_mm256_set1_epi32(t.cols - 8 * v), lane);
  }
#pragma GCC unroll 6
  for (int r = 0; r < kMr; ++r) {
    if (kPartial && r >= t.rows) break;
    float* c = t.c + r * t.ldc;
#pragma GCC unroll 2
    for (int v = 0; v < kVecs; ++v) {
      __m256 x = acc[r][v];
      if (kPartial) {
        if (t.load_c) x = _mm256_add_ps(_mm256_maskload_ps(c + 8 * v, masks[v]), x);
        if (t.bias != nullptr) x = _mm256_add_ps(x, _mm256_maskload_ps(t.bias + 8 * v, masks[v]));
      } else {
        if (t.load_c) x = _mm256_add_ps(_mm256_loadu_ps(c + 8 * v), x);
        if (t.bias != nullptr) x = _mm256_add_ps(x, _mm256_loadu_ps(t.bias + 8 * v));
      }
      // max_ps returns its second operand when either is NaN: max(0, NaN) = NaN, as TF's Relu.
      if (t.relu) x = _mm256_max_ps(zero, x);
      if (kPartial) {
        _mm256_maskstore_ps(c + 8 * v, masks[v], x);
      } else {
        _mm256_storeu_ps(c + 8 * v, x);
      }
    }
  }
}

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
  if (t.rows == kMr && t.cols == 8 * kVecs) {
    WriteBack<false>(t, acc);
  } else {
    WriteBack<true>(t, acc);
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
                                      .partial_tiles = true};
  return kernel;
}

}  // namespace rill::runtime::gemm_internal
