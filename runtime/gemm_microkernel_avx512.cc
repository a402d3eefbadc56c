// The AVX-512F micro-kernel: a 12x32 tile of C in 24 zmm accumulators, one broadcast of A and two
// 16-float loads of B per step of K, from packed panels or operands read in place; edge tiles run
// only their rows and vectors; C^T tiles written back transposed. Also the transpose for packing
// and the narrow-N path (n <= 16), and the tiny-K path (k <= 16: op(B) held in registers, nothing
// packed). Compiled with -mavx512f; called only where the CPU has it.
#include <immintrin.h>

#include <utility>

#include "runtime/gemm_microkernel.h"

namespace rill::runtime::gemm_internal {
namespace {

constexpr int kMr = 12;
constexpr int kVecs = 2;  // zmm vectors per row: nr = 32

// C = (C +) acc (+ bias), relu; a partial tile (t.rows x t.cols) through masked loads and stores,
// which leave the rest of C (and the bias past t.cols) untouched.
template <int R, int V, bool kPartial>
inline __attribute__((always_inline)) void WriteBack(const MicroTile& t, __m512 (&acc)[R][V]) {
  // Locals: the stores below may alias anything (the intrinsics' may_alias types), so fields read
  // through `t` would be reloaded after every one of them.
  float* c = t.c;
  const int64_t ldc = t.ldc;
  const int rows = t.rows;
  const bool load_c = t.load_c, relu = t.relu, has_bias = t.bias != nullptr;
  const __m512 zero = _mm512_setzero_ps();
  __mmask16 masks[V];
  __m512 bias[V];
  for (int v = 0; v < V; ++v) {
    const int lanes = t.cols - 16 * v;
    masks[v] = lanes >= 16 ? 0xFFFF : lanes <= 0 ? 0 : static_cast<__mmask16>((1u << lanes) - 1);
    bias[v] = has_bias ? _mm512_maskz_loadu_ps(masks[v], t.bias + 16 * v) : zero;
  }
#pragma GCC unroll 12
  for (int r = 0; r < R; ++r, c += ldc) {
    if (kPartial && r >= rows) break;
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) {
      __m512 x = acc[r][v];
      if (load_c) {
        x = _mm512_add_ps(
            kPartial ? _mm512_maskz_loadu_ps(masks[v], c + 16 * v) : _mm512_loadu_ps(c + 16 * v),
            x);
      }
      if (has_bias) x = _mm512_add_ps(x, bias[v]);
      // Only x < 0 becomes 0: NaN (unordered) and -0 pass through, as TF's Relu.
      if (relu) x = _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), zero);
      if (kPartial) {
        _mm512_mask_storeu_ps(c + 16 * v, masks[v], x);
      } else {
        _mm512_storeu_ps(c + 16 * v, x);
      }
    }
  }
}

// Transposes 16 rows of 16 floats in registers: afterwards r[q] holds element q of every row.
// (Fully unrolled so that the arrays stay in the 32 zmm registers.)
inline __attribute__((always_inline)) void Transpose16x16(__m512 (&r)[16]) {
  __m512 t[16], u[16];
#pragma GCC unroll 8
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);      // per 128-bit lane: a0 b0 a1 b1
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);  // a2 b2 a3 b3
  }
#pragma GCC unroll 4
  for (int i = 0; i < 16; i += 4) {
    u[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);          // a0 b0 c0 d0 per lane
    u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);      // a1 b1 c1 d1
    u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);  // a2 b2 c2 d2
    u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);  // a3 b3 c3 d3
  }
  // u[4g + e] holds elements e, e+4, e+8, e+12 (one per lane) of rows 4g..4g+3: gather lane l of
  // u[e], u[4+e], u[8+e], u[12+e] into the output for element e + 4l.
#pragma GCC unroll 4
  for (int e = 0; e < 4; ++e) {
    const __m512 lo02 = _mm512_shuffle_f32x4(u[e], u[4 + e], 0x88);  // u[e] lanes 0,2; u[4+e] 0,2
    const __m512 hi02 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0x88);
    const __m512 lo13 = _mm512_shuffle_f32x4(u[e], u[4 + e], 0xDD);  // lanes 1,3
    const __m512 hi13 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0xDD);
    r[e] = _mm512_shuffle_f32x4(lo02, hi02, 0x88);       // lane 0 of each
    r[e + 8] = _mm512_shuffle_f32x4(lo02, hi02, 0xDD);   // lane 2
    r[e + 4] = _mm512_shuffle_f32x4(lo13, hi13, 0x88);   // lane 1
    r[e + 12] = _mm512_shuffle_f32x4(lo13, hi13, 0xDD);  // lane 3
  }
}

// C^T: the tile's R rows are columns of C and its 16 V columns are rows of C (MicroTile::
// transpose_c). Each block of 16 tile columns is transposed in registers, then stored as up to 16
// rows of R floats; bias holds R values (one per tile row).
template <int R, int V>
inline __attribute__((always_inline)) void WriteBackTransposed(const MicroTile& t,
                                                               __m512 (&acc)[R][V]) {
  const int64_t ldc = t.ldc;
  const bool load_c = t.load_c, relu = t.relu;
  const __m512 zero = _mm512_setzero_ps();
  const int rows = t.rows;  // valid lanes after the transpose
  const __mmask16 mask = static_cast<__mmask16>((1u << rows) - 1);
  const __m512 bias = t.bias != nullptr ? _mm512_maskz_loadu_ps(mask, t.bias) : zero;
  const bool has_bias = t.bias != nullptr;
#pragma GCC unroll 2
  for (int v = 0; v < V; ++v) {
    const int lines = t.cols - 16 * v;
    if (lines <= 0) break;
    __m512 r[16];
#pragma GCC unroll 16
    for (int q = 0; q < 16; ++q) r[q] = q < R ? acc[q < R ? q : 0][v] : zero;
    Transpose16x16(r);
    float* c = t.c + 16 * v * ldc;
#pragma GCC unroll 16
    for (int q = 0; q < 16; ++q, c += ldc) {
      if (q >= lines) break;
      __m512 x = r[q];
      if (load_c) x = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, c), x);
      if (has_bias) x = _mm512_add_ps(x, bias);
      if (relu) x = _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), zero);
      _mm512_mask_storeu_ps(c, mask, x);
    }
  }
}

// The K loop. A from packed panels or in place with its rows contiguous (kRowMajorA false: A(r, p)
// at a[p * a_ps + r]), or in place from A's rows (kRowMajorA: a[r * a_rs + p]); B packed or in
// place, steps b_ps apart.
template <int R, int V, bool kRowMajorA>
inline __attribute__((always_inline)) void Accumulate(const MicroTile& t, __m512 (&acc)[R][V]) {
  const float* a = t.a;
  const float* b = t.b;
  const int64_t b_ps = t.b_ps != 0 ? t.b_ps : 16 * kVecs;
  if constexpr (kRowMajorA) {
    // Rows 4q + {0, 1, 2, 3} at rows[q] + {0, 1, 2, 3} * a_rs: three pointers for twelve rows.
    const float* rows[(R + 3) / 4];
    for (int q = 0; q < (R + 3) / 4; ++q) rows[q] = a + 4 * q * t.a_rs;
    const int64_t rs = t.a_rs, rs3 = 3 * t.a_rs;
#pragma GCC unroll 2
    for (int64_t p = 0; p < t.kc; ++p) {
      __m512 bv[V];
#pragma GCC unroll 2
      for (int v = 0; v < V; ++v) bv[v] = _mm512_loadu_ps(b + 16 * v);
#pragma GCC unroll 12
      for (int r = 0; r < R; ++r) {
        const float* row = rows[r / 4];
        const float x = r % 4 == 0   ? row[p]
                        : r % 4 == 1 ? row[p + rs]
                        : r % 4 == 2 ? row[p + 2 * rs]
                                     : row[p + rs3];
        const __m512 av = _mm512_set1_ps(x);
#pragma GCC unroll 2
        for (int v = 0; v < V; ++v) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
      }
      b += b_ps;
    }
  } else {
    const int64_t a_ps = t.a_ps != 0 ? t.a_ps : kMr;
#pragma GCC unroll 2
    for (int64_t p = 0; p < t.kc; ++p) {
      __m512 bv[V];
#pragma GCC unroll 2
      for (int v = 0; v < V; ++v) bv[v] = _mm512_loadu_ps(b + 16 * v);
#pragma GCC unroll 12
      for (int r = 0; r < R; ++r) {
        const __m512 av = _mm512_set1_ps(a[r]);
#pragma GCC unroll 2
        for (int v = 0; v < V; ++v) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
      }
      a += a_ps;
      b += b_ps;
    }
  }
}

// R rows x V vectors of C (a full tile is 12 x 2; edge tiles run only the rows and vectors they
// have, so no FMA is spent on rows or columns outside C).
template <int R, int V>
void RunTile(const MicroTile& t) {
  __m512 acc[R][V];
#pragma GCC unroll 12
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) acc[r][v] = _mm512_setzero_ps();
  }
  if (t.a_rs != 0) {
    Accumulate<R, V, true>(t, acc);
  } else {
    Accumulate<R, V, false>(t, acc);
  }
  if (t.transpose_c) {
    WriteBackTransposed<R, V>(t, acc);
  } else if (t.rows == R && t.cols == 16 * V) {
    WriteBack<R, V, false>(t, acc);
  } else {
    WriteBack<R, V, true>(t, acc);
  }
}

using TileFn = void (*)(const MicroTile&);

// An edge tile: R = t.rows (1..12) rows and 1 or 2 vectors.
template <int... R>
void RunEdgeTile(const MicroTile& t, std::integer_sequence<int, R...>) {
  static constexpr TileFn kTiles[2][sizeof...(R)] = {{&RunTile<R + 1, 1>...},
                                                     {&RunTile<R + 1, 2>...}};
  kTiles[t.cols > 16 ? 1 : 0][t.rows - 1](t);
}

void Run(const MicroTile& t) {
  if (t.rows == kMr && t.cols > 16) return RunTile<kMr, kVecs>(t);
  RunEdgeTile(t, std::make_integer_sequence<int, kMr>());
}

// GatherFn: 16 source lines x 16 steps of K at a time through Transpose16x16, with masked loads
// for the K tail and masked stores for widths that are not a multiple of 16.
void Gather(const float* src, int64_t stride, int64_t kb, int w, int width, float* out) {
  for (int j0 = 0; j0 < width; j0 += 16) {
    const int lines = w - j0 < 0 ? 0 : (w - j0 > 16 ? 16 : w - j0);
    const int lanes = width - j0 > 16 ? 16 : width - j0;
    const __mmask16 store_mask = static_cast<__mmask16>((1u << lanes) - 1);
    for (int64_t p = 0; p < kb; p += 16) {
      const int steps = kb - p > 16 ? 16 : static_cast<int>(kb - p);
      const __mmask16 load_mask = static_cast<__mmask16>((1u << steps) - 1);
      __m512 r[16];
      if (lines == 16 && steps == 16 && lanes == 16) {
        // A full block: plain loads and stores (masked stores are slower on some cores).
#pragma GCC unroll 16
        for (int j = 0; j < 16; ++j) {
          r[j] = _mm512_loadu_ps(src + (j0 + j) * stride + p);
          _mm_prefetch(reinterpret_cast<const char*>(src + (j0 + j) * stride + p + 64),
                       _MM_HINT_T0);
        }
        Transpose16x16(r);
#pragma GCC unroll 16
        for (int q = 0; q < 16; ++q) _mm512_storeu_ps(out + (p + q) * width + j0, r[q]);
        continue;
      }
#pragma GCC unroll 16
      for (int j = 0; j < 16; ++j) {
        r[j] = j < lines ? _mm512_maskz_loadu_ps(load_mask, src + (j0 + j) * stride + p)
                         : _mm512_setzero_ps();
        // Fetch ahead of the hardware prefetcher, which loses track of this many streams (lines
        // a page apart) and lags on a single fast one (a small leading dimension).
        if (j < lines) {
          _mm_prefetch(reinterpret_cast<const char*>(src + (j0 + j) * stride + p + 64),
                       _MM_HINT_T0);
        }
      }
      Transpose16x16(r);
#pragma GCC unroll 16
      for (int q = 0; q < 16; ++q) {
        if (q >= steps) break;
        _mm512_mask_storeu_ps(out + (p + q) * width + j0, store_mask, r[q]);
      }
    }
  }
}

// ---- The narrow-N path (see NarrowArgs): C columns as registers of 16 rows, so no lane is
// spent outside C however narrow it is. ----

// A stored k x m: rows [i0, i0 + rows) of C, rows <= 16 * RB, in N x RB accumulators (acc[v][j]
// holds C(i0 + 16v + lane, j)). Per step of K: RB loads of A's row p (contiguous: op(A)'s column)
// and N broadcasts of B's row.
// Writes rows [0, rows) (rows <= 16) of a block of 16 rows x N columns held as column registers
// (acc[j]: column j) to C at `c`: transposed back to rows, then + C (if load_c), bias, relu.
template <int N>
__attribute__((always_inline)) inline void StoreColumnBlock(const __m512* acc, int rows, float* c,
                                                            const NarrowArgs& g) {
  const __m512 zero = _mm512_setzero_ps();
  const __mmask16 col_mask = static_cast<__mmask16>((1u << N) - 1);
  const __m512 bias = g.bias != nullptr ? _mm512_maskz_loadu_ps(col_mask, g.bias) : zero;
  __m512 r[16];
#pragma GCC unroll 16
  for (int j = 0; j < 16; ++j) r[j] = j < N ? acc[j < N ? j : 0] : zero;
  Transpose16x16(r);
#pragma GCC unroll 16
  for (int q = 0; q < 16; ++q, c += g.ldc) {
    if (q >= rows) break;
    __m512 x = r[q];
    if (g.load_c) x = _mm512_add_ps(_mm512_maskz_loadu_ps(col_mask, c), x);
    if (g.bias != nullptr) x = _mm512_add_ps(x, bias);
    // Only x < 0 becomes 0: NaN (unordered) and -0 pass through, as TF's Relu.
    if (g.relu) x = _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), zero);
    _mm512_mask_storeu_ps(c, col_mask, x);
  }
}

template <int N, int RB>
void NarrowRows(const NarrowArgs& g, int64_t i0, int rows) {
  __m512 acc[RB][N];
#pragma GCC unroll 2
  for (int v = 0; v < RB; ++v) {
#pragma GCC unroll 16
    for (int j = 0; j < N; ++j) acc[v][j] = _mm512_setzero_ps();
  }
  __mmask16 row_mask[RB];
  for (int v = 0; v < RB; ++v) {
    const int lanes = rows - 16 * v;
    row_mask[v] = lanes >= 16 ? 0xFFFF : lanes <= 0 ? 0 : static_cast<__mmask16>((1u << lanes) - 1);
  }
  const float* a = g.a + i0;
  const float* b = g.b;
  if (rows == 16 * RB) {
    for (int64_t p = 0; p < g.k; ++p, a += g.lda, b += g.ldb) {
      __m512 av[RB];
#pragma GCC unroll 2
      for (int v = 0; v < RB; ++v) av[v] = _mm512_loadu_ps(a + 16 * v);
#pragma GCC unroll 16
      for (int j = 0; j < N; ++j) {
        const __m512 bv = _mm512_set1_ps(b[j]);
#pragma GCC unroll 2
        for (int v = 0; v < RB; ++v) acc[v][j] = _mm512_fmadd_ps(av[v], bv, acc[v][j]);
      }
    }
  } else {
    for (int64_t p = 0; p < g.k; ++p, a += g.lda, b += g.ldb) {
      __m512 av[RB];
#pragma GCC unroll 2
      for (int v = 0; v < RB; ++v) av[v] = _mm512_maskz_loadu_ps(row_mask[v], a + 16 * v);
#pragma GCC unroll 16
      for (int j = 0; j < N; ++j) {
        const __m512 bv = _mm512_set1_ps(b[j]);
#pragma GCC unroll 2
        for (int v = 0; v < RB; ++v) acc[v][j] = _mm512_fmadd_ps(av[v], bv, acc[v][j]);
      }
    }
  }
  // Back to rows, per block of 16 rows.
#pragma GCC unroll 2
  for (int v = 0; v < RB; ++v) {
    const int block_rows = rows - 16 * v;
    if (block_rows <= 0) break;
    StoreColumnBlock<N>(acc[v], block_rows, g.c + (i0 + 16 * v) * g.ldc, g);
  }
}

// A stored k x m, all rows: blocks of 32 rows (16 when 2N accumulators would not leave registers
// for the operands), the last block as narrow as it can be.
template <int N>
void NarrowColumnsN(const NarrowArgs& g) {
  constexpr int kRb = N <= 13 ? 2 : 1;
  int64_t i0 = 0;
  for (; i0 + 16 * kRb <= g.m; i0 += 16 * kRb) NarrowRows<N, kRb>(g, i0, 16 * kRb);
  const int rest = static_cast<int>(g.m - i0);
  if constexpr (kRb == 1) {
    if (rest > 0) NarrowRows<N, 1>(g, i0, rest);
  } else if (rest > 16) {
    NarrowRows<N, 2>(g, i0, rest);
  } else if (rest > 0) {
    NarrowRows<N, 1>(g, i0, rest);
  }
}

// Rows [i0, i0 + rows) of C (rows <= 16) for A stored m x k, C's N columns as registers of 16 rows:
// each 16 x 16 block of A is transposed in registers (no packing pass), then its 16 steps of K
// broadcast B's rows. (Measured 1.3x a by-rows kernel, which wastes 16 - N lanes, for N = 10.)
template <int N>
void NarrowRowsInRegisters(const NarrowArgs& g, int64_t i0, int rows) {
  __m512 acc[N];
#pragma GCC unroll 16
  for (int j = 0; j < N; ++j) acc[j] = _mm512_setzero_ps();
  const float* a = g.a + i0 * g.lda;
  const int64_t lda = g.lda, ldb = g.ldb;
  for (int64_t p = 0; p < g.k; p += 16) {
    const int steps = g.k - p > 16 ? 16 : static_cast<int>(g.k - p);
    const __mmask16 load_mask = static_cast<__mmask16>((1u << steps) - 1);
    __m512 r[16];
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) {
      r[i] = i < rows ? _mm512_maskz_loadu_ps(load_mask, a + i * lda + p) : _mm512_setzero_ps();
    }
    Transpose16x16(r);  // r[q]: A(i0 + lane, p + q)
    const float* b = g.b + p * ldb;
#pragma GCC unroll 16
    for (int q = 0; q < 16; ++q, b += ldb) {
      if (q >= steps) break;
#pragma GCC unroll 16
      for (int j = 0; j < N; ++j) acc[j] = _mm512_fmadd_ps(r[q], _mm512_set1_ps(b[j]), acc[j]);
    }
  }
  StoreColumnBlock<N>(acc, rows, g.c + i0 * g.ldc, g);
}

template <int N>
void NarrowRowMajorN(const NarrowArgs& g) {
  for (int64_t i0 = 0; i0 < g.m; i0 += 16) {
    NarrowRowsInRegisters<N>(g, i0, static_cast<int>(g.m - i0 < 16 ? g.m - i0 : 16));
  }
}

template <int... N>
void NarrowDispatch(const NarrowArgs& g, std::integer_sequence<int, N...>) {
  static constexpr NarrowFn kColumns[] = {&NarrowColumnsN<N + 1>...};
  static constexpr NarrowFn kRowMajor[] = {&NarrowRowMajorN<N + 1>...};
  (g.trans_a ? kColumns : kRowMajor)[g.n - 1](g);
}

// NarrowFn: 1 <= n <= kNarrowMaxN.
void Narrow(const NarrowArgs& g) {
  NarrowDispatch(g, std::make_integer_sequence<int, kNarrowMaxN>());
}

// ---- The tiny-K path (see TinyKArgs): op(B)'s k x 16 block in K registers, rows of op(A)
// streamed past it as broadcasts, C rows written whole. No packing, no per-tile set-up. ----

// What TinyKRows needs, copied out of TinyKArgs into locals (C's stores may alias anything, so
// fields read through a reference would be reloaded after each of them).
struct TinyKBlock {
  const float* a;
  int64_t lda;
  float* c;  // C's row 0 at the block's first column
  int64_t ldc;
  __mmask16 col_mask[2];  // lanes of each vector inside C
  bool load_c, relu, has_bias;
  __m512 bias[2];
};

// Rows [i0, i0 + R) of C's block of 16 V columns, with bt[p][v] = op(B)(p, block column + 16 v +
// lane). kPlain: C = product, whole vectors (no masks, C, bias or relu: the common case, kept free
// of per-row branches).
template <int K, int V, int R, bool kTransA, bool kPlain>
inline __attribute__((always_inline)) void TinyKRows(const TinyKBlock& blk,
                                                     const __m512 (&bt)[K][V], int64_t i0) {
  __m512 acc[R][V];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) acc[r][v] = _mm512_setzero_ps();
  }
  if constexpr (kTransA) {
    // op(A)'s rows i0.. are contiguous in each of A's rows p.
    const float* a = blk.a + i0;
    const int64_t lda = blk.lda;
#pragma GCC unroll 16
    for (int p = 0; p < K; ++p, a += lda) {
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        const __m512 x = _mm512_set1_ps(a[r]);
#pragma GCC unroll 2
        for (int v = 0; v < V; ++v) acc[r][v] = _mm512_fmadd_ps(x, bt[p][v], acc[r][v]);
      }
    }
  } else {
    // Rows 4q + {0, 1, 2, 3} at rows[q] + {0, 1, 2, 3} * lda: few address registers for R rows.
    const float* rows[(R + 3) / 4];
    for (int q = 0; q < (R + 3) / 4; ++q) rows[q] = blk.a + (i0 + 4 * q) * blk.lda;
    const int64_t rs = blk.lda, rs3 = 3 * blk.lda;
#pragma GCC unroll 16
    for (int p = 0; p < K; ++p) {
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        const float* row = rows[r / 4];
        const __m512 x = _mm512_set1_ps(r % 4 == 0   ? row[p]
                                        : r % 4 == 1 ? row[p + rs]
                                        : r % 4 == 2 ? row[p + 2 * rs]
                                                     : row[p + rs3]);
#pragma GCC unroll 2
        for (int v = 0; v < V; ++v) acc[r][v] = _mm512_fmadd_ps(x, bt[p][v], acc[r][v]);
      }
    }
  }
  float* c = blk.c + i0 * blk.ldc;
  const int64_t ldc = blk.ldc;
  if constexpr (kPlain) {
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r, c += ldc) {
#pragma GCC unroll 2
      for (int v = 0; v < V; ++v) _mm512_storeu_ps(c + 16 * v, acc[r][v]);
    }
    return;
  }
  const __m512 zero = _mm512_setzero_ps();
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r, c += ldc) {
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) {
      __m512 x = acc[r][v];
      if (blk.load_c) x = _mm512_add_ps(_mm512_maskz_loadu_ps(blk.col_mask[v], c + 16 * v), x);
      if (blk.has_bias) x = _mm512_add_ps(x, blk.bias[v]);
      // Only x < 0 becomes 0: NaN (unordered) and -0 pass through, as TF's Relu.
      if (blk.relu) x = _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), zero);
      _mm512_mask_storeu_ps(c + 16 * v, blk.col_mask[v], x);
    }
  }
}

// All m rows of one column block: groups of kRows (as many accumulators as the K x V registers
// of B leave, and one for the broadcast), then single rows.
template <int K, int V, bool kTransA, bool kPlain>
void TinyKColumnBlock(const TinyKBlock& blk, const __m512 (&bt)[K][V], int64_t m) {
  constexpr int kFree = 31 - K * V;
  constexpr int kRows = kFree / V > 16 ? 16 : kFree / V;
  static_assert(kRows >= 4, "too few registers left for the accumulators");
  int64_t i0 = 0;
  for (; i0 + kRows <= m; i0 += kRows) TinyKRows<K, V, kRows, kTransA, kPlain>(blk, bt, i0);
  for (; i0 < m; ++i0) TinyKRows<K, V, 1, kTransA, kPlain>(blk, bt, i0);
}

template <int K, int V>
void TinyKColumnBlockDispatch(const TinyKBlock& blk, const __m512 (&bt)[K][V], int64_t m,
                              bool trans_a, bool plain) {
  if (trans_a) {
    plain ? TinyKColumnBlock<K, V, true, true>(blk, bt, m)
          : TinyKColumnBlock<K, V, true, false>(blk, bt, m);
  } else {
    plain ? TinyKColumnBlock<K, V, false, true>(blk, bt, m)
          : TinyKColumnBlock<K, V, false, false>(blk, bt, m);
  }
}

// Columns [j0, j0 + cols) of C, cols <= 16 V: op(B)'s block loaded (B stored n x k: transposed in
// registers), then all rows.
template <int K, int V>
void TinyKColumns(const TinyKArgs& g, int64_t j0, int cols) {
  const __mmask16 k_mask = static_cast<__mmask16>((1u << K) - 1);
  TinyKBlock blk;
  blk.a = g.a;
  blk.lda = g.lda;
  blk.c = g.c + j0;
  blk.ldc = g.ldc;
  blk.load_c = g.load_c;
  blk.relu = g.relu;
  blk.has_bias = g.bias != nullptr;
  __m512 bt[K][V];
#pragma GCC unroll 2
  for (int v = 0; v < V; ++v) {
    const int lanes = cols - 16 * v;
    blk.col_mask[v] = lanes >= 16  ? 0xFFFF
                      : lanes <= 0 ? 0
                                   : static_cast<__mmask16>((1u << lanes) - 1);
    blk.bias[v] = blk.has_bias ? _mm512_maskz_loadu_ps(blk.col_mask[v], g.bias + j0 + 16 * v)
                               : _mm512_setzero_ps();
    if (g.trans_b) {
      // B's rows hold op(B)'s columns: transpose 16 of them in registers.
      __m512 r[16];
#pragma GCC unroll 16
      for (int j = 0; j < 16; ++j) {
        r[j] = j < lanes ? _mm512_maskz_loadu_ps(k_mask, g.b + (j0 + 16 * v + j) * g.ldb)
                         : _mm512_setzero_ps();
      }
      Transpose16x16(r);
#pragma GCC unroll 16
      for (int p = 0; p < K; ++p) bt[p][v] = r[p];
    } else {
#pragma GCC unroll 16
      for (int p = 0; p < K; ++p) {
        bt[p][v] = _mm512_maskz_loadu_ps(blk.col_mask[v], g.b + p * g.ldb + j0 + 16 * v);
      }
    }
  }
  const bool plain = !g.load_c && !g.relu && !blk.has_bias && cols == 16 * V;
  TinyKColumnBlockDispatch<K, V>(blk, bt, g.m, g.trans_a, plain);
}

// All of C for k == K: blocks of 32 columns while two vectors of B's K steps fit in registers with
// enough accumulators (each broadcast of A then feeds two FMAs), else of 16.
template <int K>
void TinyKN(const TinyKArgs& g) {
  constexpr int kV = K <= 11 ? 2 : 1;
  int64_t j0 = 0;
  for (; j0 + 16 * kV <= g.n; j0 += 16 * kV) TinyKColumns<K, kV>(g, j0, 16 * kV);
  for (; j0 < g.n; j0 += 16) {
    TinyKColumns<K, 1>(g, j0, g.n - j0 < 16 ? static_cast<int>(g.n - j0) : 16);
  }
}

template <int... K>
void TinyKDispatch(const TinyKArgs& g, std::integer_sequence<int, K...>) {
  static constexpr TinyKFn kFns[] = {&TinyKN<K + 1>...};
  kFns[g.k - 1](g);
}

// TinyKFn: 1 <= k <= kTinyKMaxK.
void TinyK(const TinyKArgs& g) { TinyKDispatch(g, std::make_integer_sequence<int, kTinyKMaxK>()); }

}  // namespace

const MicroKernel& Avx512MicroKernel() {
  // Measured on Zen 5 (L1d 48 KiB, L2 1 MiB): kc = 512 beat 256 and 384 by a few percent (fewer
  // passes over C) although the kc x 32 B micro-panel (64 KiB) then overflows L1; the mc x kc A
  // block (480 KiB) stays in L2; mc between 144 and 480 made no measurable difference.
  static constexpr MicroKernel kernel{.name = "avx512_12x32",
                                      .mr = kMr,
                                      .nr = 16 * kVecs,
                                      .mc = 240,
                                      .kc = 512,
                                      .nc = 4096,
                                      .run = &Run,
                                      .gather = &Gather,
                                      .partial_tiles = true,
                                      .direct_operands = true,
                                      .narrow = &Narrow,
                                      .tiny_k = &TinyK};
  return kernel;
}

}  // namespace rill::runtime::gemm_internal
