// SmallGemm: register-tiled AVX-512 kernel (up to 8 x 48, 12 x 32 or 16 x 16 floats of C in zmm
// registers, the last 16-column vector masked so any n works) with a portable fallback.
#include "runtime/small_gemm.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "runtime/avx512_dispatch.h"

namespace rill::runtime {
namespace {

// A's offset of row or column x (see SmallGemmArgs).
inline int64_t Offset(int64_t x, int64_t stride, int64_t segment_len, int64_t segment_stride) {
  return segment_len > 0 ? (x / segment_len) * segment_stride + (x % segment_len) * stride
                         : x * stride;
}

// Rows of C per tile for NV vectors per row: NV * rows accumulators of the 32 zmm registers.
constexpr int RowsFor(int nv) { return nv == 1 ? 16 : nv == 2 ? 12 : 8; }
constexpr int kVectors = 3;  // 16-float vectors of C per tile row

// One tile of R rows and NV vectors starting at C(i0, j0); `last` masks the last vector's lanes.
template <int R, int NV>
__attribute__((target("avx512f"))) void Tile(const SmallGemmArgs& g, int64_t i0, int64_t j0,
                                             __mmask16 last) {
  __m512 acc[R][NV];
  float* c = g.c + i0 * g.ldc + j0;
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 3
    for (int v = 0; v < NV; ++v) {
      const __mmask16 mask = v == NV - 1 ? last : __mmask16(0xffff);
      acc[r][v] =
          g.accumulate ? _mm512_maskz_loadu_ps(mask, c + r * g.ldc + 16 * v) : _mm512_setzero_ps();
    }
  }
  int64_t row_offset[R];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
    row_offset[r] = Offset(i0 + r, g.a_row_stride, g.a_row_segment_len, g.a_row_segment_stride);
  }
  const float* b = g.b + j0;
  const int64_t cs = g.a_col_stride;
  const int64_t seg_len = g.a_col_segment_len > 0 ? g.a_col_segment_len : g.k;
  for (int64_t p0 = 0, q = 0; p0 < g.k; p0 += seg_len, ++q) {
    const float* a = g.a + q * g.a_col_segment_stride;
    const int64_t len = std::min(seg_len, g.k - p0);
    for (int64_t p = 0; p < len; ++p) {
      __m512 bv[NV];
#pragma GCC unroll 3
      for (int v = 0; v < NV; ++v) {
        bv[v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, b + 16 * v) : _mm512_loadu_ps(b + 16 * v);
      }
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        const __m512 av = _mm512_set1_ps(a[row_offset[r]]);
#pragma GCC unroll 3
        for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
      }
      a += cs;
      b += g.ldb;
    }
  }
  __m512 bias[NV];
#pragma GCC unroll 3
  for (int v = 0; v < NV; ++v) {
    const __mmask16 mask = v == NV - 1 ? last : __mmask16(0xffff);
    bias[v] =
        g.bias != nullptr ? _mm512_maskz_loadu_ps(mask, g.bias + j0 + 16 * v) : _mm512_setzero_ps();
  }
  const __m512 zero = _mm512_setzero_ps();
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 3
    for (int v = 0; v < NV; ++v) {
      const __mmask16 mask = v == NV - 1 ? last : __mmask16(0xffff);
      __m512 x = acc[r][v];
      if (g.bias != nullptr) x = _mm512_add_ps(x, bias[v]);
      // max(0, x) returns its second operand when either is NaN, so a NaN is kept (TF's Relu).
      if (g.relu) x = _mm512_maskz_max_ps(0xffff, zero, x);
      _mm512_mask_storeu_ps(c + r * g.ldc + 16 * v, mask, x);
    }
  }
}

using TileFn = void (*)(const SmallGemmArgs&, int64_t, int64_t, __mmask16);

// Tiles of R = 1..RowsFor(NV) rows for NV vectors, indexed by R - 1.
template <int NV, int... R>
constexpr TileFn kTiles[] = {Tile<R + 1, NV>...};

template <int NV, int... R>
TileFn PickTileImpl(int rows, std::integer_sequence<int, R...>) {
  return kTiles<NV, R...>[rows - 1];
}

template <int NV>
TileFn PickTile(int rows) {
  return PickTileImpl<NV>(rows, std::make_integer_sequence<int, RowsFor(NV)>());
}

__attribute__((target("avx512f"))) void SmallGemmAvx512(const SmallGemmArgs& g) {
  for (int64_t j0 = 0; j0 < g.n; j0 += 16 * kVectors) {
    const int64_t cols = std::min<int64_t>(16 * kVectors, g.n - j0);
    const int nv = static_cast<int>((cols + 15) / 16);
    const int tail = static_cast<int>(cols - 16 * (nv - 1));  // 1..16 lanes in the last vector
    const __mmask16 last = static_cast<__mmask16>((1u << tail) - 1);
    const int max_rows = RowsFor(nv);
    for (int64_t i0 = 0; i0 < g.m; i0 += max_rows) {
      const int rows = static_cast<int>(std::min<int64_t>(max_rows, g.m - i0));
      const TileFn tile = nv == 1   ? PickTile<1>(rows)
                          : nv == 2 ? PickTile<2>(rows)
                                    : PickTile<3>(rows);
      tile(g, i0, j0, last);
    }
  }
}

}  // namespace

void SmallGemmPortable(const SmallGemmArgs& g) {
  for (int64_t i = 0; i < g.m; ++i) {
    float* c = g.c + i * g.ldc;
    if (!g.accumulate) std::fill(c, c + g.n, 0.0f);
    const int64_t row = Offset(i, g.a_row_stride, g.a_row_segment_len, g.a_row_segment_stride);
    for (int64_t p = 0; p < g.k; ++p) {
      const float av =
          g.a[row + Offset(p, g.a_col_stride, g.a_col_segment_len, g.a_col_segment_stride)];
      const float* b = g.b + p * g.ldb;
      for (int64_t j = 0; j < g.n; ++j) c[j] += av * b[j];
    }
    for (int64_t j = 0; j < g.n; ++j) {
      float x = c[j];
      if (g.bias != nullptr) x += g.bias[j];
      if (g.relu && !std::isnan(x)) x = std::max(x, 0.0f);
      c[j] = x;
    }
  }
}

void SmallGemm(const SmallGemmArgs& g) {
  if (g.m <= 0 || g.n <= 0) return;
  if (HasAvx512()) return SmallGemmAvx512(g);
  SmallGemmPortable(g);
}

}  // namespace rill::runtime
