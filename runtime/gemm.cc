// Sgemm: the BLIS-style driver. Loops over cache blocks (nc columns of B, kc steps of K, mc rows of
// A), packs each block into panels, and runs the micro-kernel over mr x nr tiles; edge tiles go
// through the same kernel (masked stores, or a scratch tile). Threads split C into blocks of whole
// tiles, never K; when they split C's rows, B is packed once (by all of them) and shared.
// With the AVX-512 kernel (direct_operands) most products pack nothing: A (an edge tile reads only
// its own rows) and B stored k x n are read in place; a B stored n x k bigger than A is read in
// place as C^T's broadcast operand; and narrow products (n <= 16) and tiny-K ones (k <= 11) take
// their own paths. Every path computes each element as the same FMA chain, so results stay bitwise
// independent of the thread count.
#include "runtime/gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "runtime/cpu_features.h"
#include "runtime/gemm_microkernel.h"
#include "runtime/gemm_pack.h"

namespace rill::runtime {
namespace gemm_internal {
namespace {

// Below this many flops per thread a product runs on the calling thread: waking a worker costs
// more than it saves (about 30 us of work at this machine's single-core speed).
constexpr int64_t kMinFlopsPerShard = int64_t{4} << 20;

// Multi-threaded products pack all of B once, shared by the threads, when it fits in this many
// floats (16 MiB: half of L3); otherwise each thread packs its own blocks.
constexpr int64_t kMaxSharedBFloats = int64_t{4} << 20;

// Whether kernels with direct_operands read B stored k x n in place (else it is packed): measured
// faster for the fully connected shapes (ldb 10..784, power-of-two strides included) on Zen 5.
constexpr bool kDirectB = true;

// From this K on, a product with B stored n x k (bigger than A) computes C^T tiles instead of
// packing B (the tiles' transposes then cost less than B's).
constexpr int64_t kTransposedCMinK = 128;
constexpr int64_t kTransposedCMaxM = 256;

// The tiny-K path's range, where it was measured faster than the tiles (1.15-1.9x for k = 1..11
// with C's rows < 2 KiB apart). Outside it the tiles win or tie: k >= 12 leaves registers for only
// 16 columns of B (0.85-1.1x), and a C with a long power-of-two row stride (ldc 512 or 1024:
// 0.5-1.0x) stalls the kernel's streams of broadcasts and stores.
constexpr int64_t kTinyKMaxUsedK = 11, kTinyKMaxLdc = 511;

// Block reads B in place with the rows of tiles outer when its kc x nc block has at most this many
// floats (512 KiB: half of L2). Measured 1-3% faster on the fully connected products (128 rows,
// K 128..784, N 128..256); 1024^3 (a 2 MiB block) was 30% slower that way.
constexpr int64_t kRowsOuterMaxBFloats = int64_t{128} << 10;

// Roughly what packing one element costs, in multiply-adds of the micro-kernel (to choose a split).
constexpr int64_t kPackCost = 16;

int64_t RoundUp(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

// A growable 64-byte aligned scratch area, one per thread per role (reused across calls).
class ScratchBuffer {
 public:
  ScratchBuffer() = default;
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;
  ~ScratchBuffer() { std::free(data_); }

  float* Get(int64_t floats) {
    if (floats > capacity_) {
      std::free(data_);
      capacity_ = RoundUp(floats, 16);
      data_ = static_cast<float*>(std::aligned_alloc(64, sizeof(float) * capacity_));
      // A scratch edge tile computes (and discards) rows it never wrote: keep them initialised.
      std::memset(data_, 0, sizeof(float) * capacity_);
    }
    return data_;
  }

 private:
  float* data_ = nullptr;
  int64_t capacity_ = 0;
};

thread_local ScratchBuffer packed_a, packed_b, edge_tile, shared_b;

// k == 0: the product is zero; C = (C +) 0, then the epilogue, as the reference does it.
void EpilogueOnly(const GemmArgs& g) {
  for (int64_t i = 0; i < g.m; ++i) {
    float* c = g.c + i * g.ldc;
    for (int64_t j = 0; j < g.n; ++j) {
      float v = g.accumulate ? c[j] + 0.0f : 0.0f;
      if (g.epilogue.bias != nullptr) v += g.epilogue.bias[j];
      if (g.epilogue.relu && v < 0.0f) v = 0.0f;
      c[j] = v;
    }
  }
}

// Runs one tile; a partial one (rows < mr or cols < nr) through masked stores where the kernel has
// them, else through a full scratch tile. Either way the kernel does the same arithmetic on every
// element wherever the tile boundaries fall.
// (Taken by reference: copying the struct per tile costs a store-forwarding stall.)
void RunTile(const MicroKernel& kernel, MicroTile& full, int64_t rows, int64_t cols) {
  full.rows = static_cast<int>(rows);
  full.cols = static_cast<int>(cols);
  if (kernel.partial_tiles || (rows == kernel.mr && cols == kernel.nr)) return kernel.run(full);
  MicroTile tile = full;
  tile.rows = kernel.mr;
  tile.cols = kernel.nr;
  const int nr = kernel.nr;
  float* scratch = edge_tile.Get(int64_t{kernel.mr} * nr + nr);
  float* bias = scratch + kernel.mr * nr;
  if (tile.load_c) {
    for (int64_t r = 0; r < rows; ++r) {
      std::memcpy(scratch + r * nr, tile.c + r * tile.ldc, sizeof(float) * cols);
    }
  }
  if (tile.bias != nullptr) {
    std::memcpy(bias, tile.bias, sizeof(float) * cols);
    std::fill(bias + cols, bias + nr, 0.0f);
    tile.bias = bias;
  }
  float* c = tile.c;
  const int64_t ldc = tile.ldc;
  tile.c = scratch;
  tile.ldc = nr;
  kernel.run(tile);
  for (int64_t r = 0; r < rows; ++r)
    std::memcpy(c + r * ldc, scratch + r * nr, sizeof(float) * cols);
}

// All of op(B) packed once, shared by the threads: for each kc block of K (starting at row pc), the
// panels of every column, so column block jc (a multiple of nr) of that K block starts at
// data + pc * padded_n + jc * kb.
struct SharedB {
  const float* data = nullptr;
  int64_t padded_n = 0;
};

// Packs panels [panel0, panel1) of every K block into the shared layout.
void PackSharedB(const GemmArgs& g, const MicroKernel& kernel, int64_t panel0, int64_t panel1,
                 float* data) {
  const int64_t padded_n = RoundUp(g.n, kernel.nr);
  const int64_t j0 = panel0 * kernel.nr, j1 = std::min(g.n, panel1 * kernel.nr);
  if (j0 >= j1) return;
  for (int64_t pc = 0; pc < g.k; pc += kernel.kc) {
    const int64_t kb = std::min(kernel.kc, g.k - pc);
    PackB(g, pc, kb, j0, j1 - j0, kernel.nr, data + pc * padded_n + j0 * kb, kernel.gather);
  }
}

// C[m0:m1, n0:n1] on the calling thread, packing B itself unless `shared` holds it. A kernel with
// direct_operands reads A in place, and B stored k x n on full panels (only B's edge panel is
// packed).
void Block(const GemmArgs& g, const MicroKernel& kernel, int64_t m0, int64_t m1, int64_t n0,
           int64_t n1, const SharedB& shared) {
  const int mr = kernel.mr, nr = kernel.nr;
  const bool direct_a = kernel.direct_operands;
  for (int64_t jc = n0; jc < n1; jc += kernel.nc) {
    const int64_t nb = std::min(kernel.nc, n1 - jc);
    for (int64_t pc = 0; pc < g.k; pc += kernel.kc) {
      const int64_t kb = std::min(kernel.kc, g.k - pc);
      const bool last = pc + kb == g.k;
      const float* b;
      // Full panels of B read in place (from b_direct, steps ldb apart) up to column b_direct_end.
      const float* b_direct = nullptr;
      int64_t b_direct_end = 0;
      float* panel = nullptr;  // per-panel packing: the one panel's buffer
      if (shared.data != nullptr) {
        b = shared.data + pc * shared.padded_n + jc * kb;
      } else if (kernel.direct_operands && !g.trans_b && kDirectB) {
        b_direct = g.b + pc * g.ldb + jc;
        b_direct_end = nb / nr * nr;
        float* packed = packed_b.Get(kb * nr);
        if (b_direct_end < nb) {
          PackB(g, pc, kb, jc + b_direct_end, nb - b_direct_end, nr, packed, kernel.gather);
        }
        b = packed - b_direct_end * kb;  // so that b + jr * kb is the edge panel
      } else if (m1 - m0 <= kernel.mc) {
        // One block of A's rows uses each panel once: pack it just before (in the jr loop), so
        // it is still in L1 when the kernel reads it.
        panel = packed_b.Get(kb * nr);
        b = panel;
      } else {
        float* packed = packed_b.Get(kb * RoundUp(nb, nr));
        PackB(g, pc, kb, jc, nb, nr, packed, kernel.gather);
        b = packed;
      }
      for (int64_t ic = m0; ic < m1; ic += kernel.mc) {
        const int64_t mb = std::min(kernel.mc, m1 - ic);
        // A kernel with direct_operands reads A's rows in place (an edge tile only its own rows);
        // otherwise the block's rows are packed into panels of mr.
        float* a = nullptr;
        if (!direct_a) {
          a = packed_a.Get(kb * RoundUp(mb, mr));
          PackA(g, ic, mb, pc, kb, mr, a, kernel.gather);
        }
        // Points the tile at its A operand: rows ic + ir onwards.
        const auto set_tile_a = [&](MicroTile& tile, int64_t ir) {
          if (direct_a) {
            const int64_t row = ic + ir;
            tile.a = g.trans_a ? g.a + pc * g.lda + row : g.a + row * g.lda + pc;
            tile.a_rs = g.trans_a ? 0 : g.lda;
            tile.a_ps = g.trans_a ? g.lda : 0;
          } else {
            tile.a = a + ir * kb;
            tile.a_rs = tile.a_ps = 0;
          }
        };
        if (b_direct != nullptr && kb * nb <= kRowsOuterMaxBFloats) {
          // B read in place and its block fits in L2: rows of tiles outer, so that the tile
          // row's A (12 rows of kb) stays in L1 across the columns, while B's panels, which a
          // power-of-two ldb crowds into a few L1 sets anyway, stream from L2 (same tiles, same
          // arithmetic: only the order). A bigger B block would stream from L3 instead.
          for (int64_t ir = 0; ir < mb; ir += mr) {
            MicroTile tile;
            tile.kc = kb;
            set_tile_a(tile, ir);
            tile.ldc = g.ldc;
            tile.load_c = g.accumulate || pc > 0;
            tile.relu = last && g.epilogue.relu;
            const int64_t rows = std::min<int64_t>(mr, mb - ir);
            for (int64_t jr = 0; jr < nb; jr += nr) {
              const bool b_in_place = jr < b_direct_end;
              tile.b = b_in_place ? b_direct + jr : b + jr * kb;
              tile.b_ps = b_in_place ? g.ldb : 0;
              tile.bias = last && g.epilogue.bias != nullptr ? g.epilogue.bias + jc + jr : nullptr;
              tile.c = g.c + (ic + ir) * g.ldc + jc + jr;
              RunTile(kernel, tile, rows, std::min<int64_t>(nr, nb - jr));
            }
          }
          continue;
        }
        for (int64_t jr = 0; jr < nb; jr += nr) {
          MicroTile tile;
          tile.kc = kb;
          const bool b_in_place = jr < b_direct_end;
          const int64_t cols = std::min<int64_t>(nr, nb - jr);
          if (panel != nullptr) {
            PackB(g, pc, kb, jc + jr, cols, nr, panel, kernel.gather);
            tile.b = panel;
          } else {
            tile.b = b_in_place ? b_direct + jr : b + jr * kb;
          }
          tile.b_ps = b_in_place ? g.ldb : 0;
          tile.ldc = g.ldc;
          tile.load_c = g.accumulate || pc > 0;
          tile.bias = last && g.epilogue.bias != nullptr ? g.epilogue.bias + jc + jr : nullptr;
          tile.relu = last && g.epilogue.relu;
          for (int64_t ir = 0; ir < mb; ir += mr) {
            set_tile_a(tile, ir);
            tile.c = g.c + (ic + ir) * g.ldc + jc + jr;
            RunTile(kernel, tile, std::min<int64_t>(mr, mb - ir), cols);
          }
        }
      }
    }
  }
}

// Whether C[m0:m1, n0:n1] goes through BlockTransposedC: B stored n x k (a transpose to pack) is
// bigger than A's rows, and K is long enough to pay for transposing the tiles of C.
bool UseTransposedC(const GemmArgs& g, const MicroKernel& kernel) {
  return kernel.direct_operands && g.trans_b && !g.trans_a && g.m < g.n &&
         g.m <= kTransposedCMaxM && g.k >= kTransposedCMinK;
}

// C^T = B^T A^T tile by tile, for B stored n x k and A stored m x k: B's rows are read in place
// as the kernel's broadcast operand (its "A"), A's rows [m0, m1) are packed into panels of nr as
// its vector operand (its "B", much smaller than B here), and the kernel writes each tile
// transposed. Every element is the same FMA chain as in Block: bitwise the same result.
void BlockTransposedC(const GemmArgs& g, const MicroKernel& kernel, int64_t m0, int64_t m1,
                      int64_t n0, int64_t n1) {
  const int mr = kernel.mr, nr = kernel.nr;
  const int64_t rows = m1 - m0;
  for (int64_t pc = 0; pc < g.k; pc += kernel.kc) {
    const int64_t kb = std::min(kernel.kc, g.k - pc);
    const bool last = pc + kb == g.k;
    float* at = packed_a.Get(kb * RoundUp(rows, nr));
    for (int64_t q = 0; q < rows; q += nr) {
      const int w = static_cast<int>(std::min<int64_t>(nr, rows - q));
      (kernel.gather != nullptr ? kernel.gather : &GatherPanelPortable)(
          g.a + (m0 + q) * g.lda + pc, g.lda, kb, w, nr, at + q * kb);
    }
    for (int64_t j = n0; j < n1; j += mr) {
      MicroTile tile;
      tile.kc = kb;
      tile.a = g.b + j * g.ldb + pc;
      tile.a_rs = g.ldb;
      tile.transpose_c = true;
      tile.ldc = g.ldc;
      tile.load_c = g.accumulate || pc > 0;
      tile.bias = last && g.epilogue.bias != nullptr ? g.epilogue.bias + j : nullptr;
      tile.relu = last && g.epilogue.relu;
      tile.rows = static_cast<int>(std::min<int64_t>(mr, n1 - j));
      for (int64_t q = 0; q < rows; q += nr) {
        tile.b = at + q * kb;
        tile.c = g.c + (m0 + q) * g.ldc + j;
        tile.cols = static_cast<int>(std::min<int64_t>(nr, rows - q));
        kernel.run(tile);
      }
    }
  }
}

// The split for `shards` > 1 threads: whichever of a column or a row split leaves the busiest shard
// the least work, B shared when a row split needs it and it fits.
GemmSplit ChooseSplit(const GemmArgs& g, const MicroKernel& kernel, int64_t shards) {
  const int64_t row_tiles = (g.m + kernel.mr - 1) / kernel.mr;
  const int64_t col_tiles = (g.n + kernel.nr - 1) / kernel.nr;
  const int64_t padded_m = row_tiles * kernel.mr, padded_n = col_tiles * kernel.nr;
  GemmSplit split;
  // A kernel with direct_operands reads A, and B stored k x n, in place: only a transposed B is
  // packed (and then worth sharing).
  const bool packs_a = !kernel.direct_operands;
  const bool packs_b = (!kernel.direct_operands || g.trans_b) && !UseTransposedC(g, kernel);
  split.shared_b = packs_b && g.k * padded_n <= kMaxSharedBFloats;
  // Work of the busiest shard, in multiply-adds (padding included) plus packing: a row split packs
  // its own rows of A (and all of B unless shared); a column split packs all of A (and its B).
  // (Edge tiles of a direct_operands kernel compute only their rows: no padding there.)
  const int64_t m_work = kernel.direct_operands ? g.m : padded_m;
  auto cost = [&](bool by_columns, int64_t parts) {
    const int64_t b_pack = !packs_b ? 0 : split.shared_b ? g.k * padded_n / parts : g.k * padded_n;
    if (by_columns) {
      const int64_t cols = (col_tiles + parts - 1) / parts * kernel.nr;
      return m_work * cols * g.k +
             kPackCost * ((packs_a ? g.m * g.k : 0) + (packs_b ? g.k * cols : 0));
    }
    const int64_t rows = std::min(m_work, (row_tiles + parts - 1) / parts * kernel.mr);
    return rows * padded_n * g.k + kPackCost * ((packs_a ? rows * g.k : 0) + b_pack);
  };
  const int64_t by_cols = std::min(shards, col_tiles), by_rows = std::min(shards, row_tiles);
  split.by_columns = cost(true, by_cols) <= cost(false, by_rows);
  split.shards = split.by_columns ? by_cols : by_rows;
  // A column split packs only its own columns of B: sharing gains nothing there.
  if (split.by_columns) split.shared_b = false;
  return split;
}

// The operands of `g` for a kernel that reads them in place.
void SetDirectArgs(const GemmArgs& g, DirectProductArgs* args) {
  args->m = g.m;
  args->n = g.n;
  args->k = g.k;
  args->trans_a = g.trans_a;
  args->a = g.a;
  args->lda = g.lda;
  args->b = g.b;
  args->ldb = g.ldb;
  args->c = g.c;
  args->ldc = g.ldc;
  args->load_c = g.accumulate;
  args->bias = g.epilogue.bias;
  args->relu = g.epilogue.relu;
}

// The narrow-N path over C's rows, split into blocks of 32 rows when the product is big enough
// (each element's arithmetic does not depend on the split).
void Narrow(const GemmArgs& g, ThreadPool* pool, const MicroKernel& kernel) {
  NarrowArgs args;
  SetDirectArgs(g, &args);
  if (g.trans_b) {
    // The kernel broadcasts along B's rows: lay op(B) out as k x n (small: n <= 16).
    float* packed = packed_b.Get(g.k * g.n);
    for (int64_t j = 0; j < g.n; ++j) {
      const float* src = g.b + j * g.ldb;
      for (int64_t p = 0; p < g.k; ++p) packed[p * g.n + j] = src[p];
    }
    args.b = packed;
    args.ldb = g.n;
  }
  constexpr int64_t kRows = 32;
  const int64_t blocks = (g.m + kRows - 1) / kRows;
  const int threads = pool == nullptr ? 1 : pool->num_threads();
  const int64_t shards = std::clamp<int64_t>(2 * g.m * g.n * g.k / kMinFlopsPerShard, 1,
                                             std::min<int64_t>(threads, blocks));
  if (shards <= 1) return kernel.narrow(args);
  pool->ParallelFor(shards, [&](int64_t s) {
    const int64_t begin = std::min(s * blocks / shards * kRows, g.m);
    const int64_t end = std::min((s + 1) * blocks / shards * kRows, g.m);
    if (begin >= end) return;
    NarrowArgs part = args;
    part.m = end - begin;
    part.a = g.trans_a ? g.a + begin : g.a + begin * g.lda;
    part.c = g.c + begin * g.ldc;
    kernel.narrow(part);
  });
}

// The tiny-K path (k <= kTinyKMaxK): nothing packed, C split into blocks of 16 columns (or of 16
// rows when it has fewer column blocks than shards) when the product is big enough.
void TinyK(const GemmArgs& g, ThreadPool* pool, const MicroKernel& kernel) {
  TinyKArgs args;
  SetDirectArgs(g, &args);
  args.trans_b = g.trans_b;
  constexpr int64_t kBlock = 16;
  const int64_t col_blocks = (g.n + kBlock - 1) / kBlock, row_blocks = (g.m + kBlock - 1) / kBlock;
  const int threads = pool == nullptr ? 1 : pool->num_threads();
  const int64_t wanted = std::clamp<int64_t>(2 * g.m * g.n * g.k / kMinFlopsPerShard, 1, threads);
  const bool by_columns = col_blocks >= wanted;
  const int64_t blocks = by_columns ? col_blocks : row_blocks;
  const int64_t shards = std::min(wanted, blocks);
  if (shards <= 1) return kernel.tiny_k(args);
  pool->ParallelFor(shards, [&](int64_t s) {
    const int64_t extent = by_columns ? g.n : g.m;
    const int64_t begin = std::min(s * blocks / shards * kBlock, extent);
    const int64_t end = std::min((s + 1) * blocks / shards * kBlock, extent);
    if (begin >= end) return;
    TinyKArgs part = args;
    if (by_columns) {
      part.n = end - begin;
      part.b = g.trans_b ? g.b + begin * g.ldb : g.b + begin;
      part.c = g.c + begin;
      if (g.epilogue.bias != nullptr) part.bias = g.epilogue.bias + begin;
    } else {
      part.m = end - begin;
      part.a = g.trans_a ? g.a + begin : g.a + begin * g.lda;
      part.c = g.c + begin * g.ldc;
    }
    kernel.tiny_k(part);
  });
}

}  // namespace

const MicroKernel& HostMicroKernel() {
  static const MicroKernel& kernel = []() -> const MicroKernel& {
    const CpuFeatures& cpu = HostCpuFeatures();
    if (cpu.avx512f) return Avx512MicroKernel();
    if (cpu.avx2_fma) return Avx2MicroKernel();
    return PortableMicroKernel();
  }();
  return kernel;
}

GemmSplit ChooseGemmSplit(const GemmArgs& g, const MicroKernel& kernel, int threads) {
  const int64_t shards = std::clamp<int64_t>(2 * g.m * g.n * g.k / kMinFlopsPerShard, 1, threads);
  if (shards <= 1) return GemmSplit();
  return ChooseSplit(g, kernel, shards);
}

void SgemmWithKernel(const GemmArgs& g, ThreadPool* pool, const MicroKernel& kernel) {
  if (g.m <= 0 || g.n <= 0) return;
  if (g.k <= 0) return EpilogueOnly(g);
  if (kernel.narrow != nullptr && g.n <= kNarrowMaxN) return Narrow(g, pool, kernel);
  if (kernel.tiny_k != nullptr && g.k <= kTinyKMaxUsedK && g.ldc <= kTinyKMaxLdc) {
    return TinyK(g, pool, kernel);
  }
  // The split depends only on the shape and the pool's size; every element's arithmetic is the
  // same in any split (K is never divided), so results are bitwise equal for any thread count.
  const GemmSplit split = ChooseGemmSplit(g, kernel, pool == nullptr ? 1 : pool->num_threads());
  const bool transposed_c = UseTransposedC(g, kernel);
  if (split.shards <= 1) {
    if (transposed_c) return BlockTransposedC(g, kernel, 0, g.m, 0, g.n);
    return Block(g, kernel, 0, g.m, 0, g.n, SharedB());
  }
  SharedB shared;
  if (split.shared_b) {
    // One pool call packs B (each shard a range of panels), the next computes C.
    float* data = shared_b.Get(g.k * RoundUp(g.n, kernel.nr));
    const int64_t panels = (g.n + kernel.nr - 1) / kernel.nr;
    pool->ParallelFor(split.shards, [&](int64_t s) {
      PackSharedB(g, kernel, s * panels / split.shards, (s + 1) * panels / split.shards, data);
    });
    shared.data = data;
    shared.padded_n = RoundUp(g.n, kernel.nr);
  }
  const int64_t extent = split.by_columns ? g.n : g.m;
  const int64_t tile = split.by_columns ? kernel.nr : kernel.mr;
  const int64_t tiles = (extent + tile - 1) / tile;
  pool->ParallelFor(split.shards, [&](int64_t s) {
    const int64_t begin = std::min(s * tiles / split.shards * tile, extent);
    const int64_t end = std::min((s + 1) * tiles / split.shards * tile, extent);
    if (transposed_c) {
      if (split.by_columns) {
        BlockTransposedC(g, kernel, 0, g.m, begin, end);
      } else {
        BlockTransposedC(g, kernel, begin, end, 0, g.n);
      }
    } else if (split.by_columns) {
      Block(g, kernel, 0, g.m, begin, end, shared);
    } else {
      Block(g, kernel, begin, end, 0, g.n, shared);
    }
  });
}

}  // namespace gemm_internal

void Sgemm(const GemmArgs& args, ThreadPool* pool) {
  gemm_internal::SgemmWithKernel(args, pool, gemm_internal::HostMicroKernel());
}

}  // namespace rill::runtime
