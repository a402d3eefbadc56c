// Internal to the GEMM: the register-tiled micro-kernels (one per instruction set, each in its own
// file compiled with its own -m flags), their cache-blocking sizes, and the dispatch between them.
#ifndef RILL_RUNTIME_GEMM_MICROKERNEL_H_
#define RILL_RUNTIME_GEMM_MICROKERNEL_H_

#include <cstdint>

// Only <cstdint> and forward declarations: the ISA-specific files include this header, and any
// inline function they pulled in would be compiled with their -m flags and might be the copy the
// linker keeps.
namespace rill::runtime {
struct GemmArgs;
class ThreadPool;
}  // namespace rill::runtime

namespace rill::runtime::gemm_internal {

// One micro-kernel call: an mr x nr tile of C from packed panels over kc steps of K.
struct MicroTile {
  int64_t kc = 0;
  const float* a = nullptr;  // packed A panel: a[p * mr + row], 64-byte aligned
  const float* b = nullptr;  // packed B panel: b[p * nr + col], 64-byte aligned
  float* c = nullptr;        // the tile's top-left element
  int64_t ldc = 0;
  // The part of the tile inside C: only rows x cols elements are read and written (and bias[0,
  // cols) read). Kernels without partial_tiles need the full mr x nr.
  int rows = 0, cols = 0;
  // Operands read in place (only kernels with direct_operands): A(r, p) at a[r * a_rs + p] when
  // a_rs != 0 (A stored m x k), else at a[p * a_ps + r] when a_ps != 0 (A stored k x m), only the
  // tile's rows read; B's step p at b + p * b_ps when b_ps != 0, whole 16-float vectors read (so
  // only with cols == nr). Zero: the packed panels above.
  int64_t a_rs = 0, a_ps = 0, b_ps = 0;
  // The tile is C^T (only kernels with direct_operands): tile element (r, j) is c[j * ldc + r],
  // and bias holds one value per tile row (rows values).
  bool transpose_c = false;
  bool load_c = false;          // C = C + A*B (else C = A*B)
  const float* bias = nullptr;  // nr values added after the product, or nullptr
  bool relu = false;            // then max(x, 0) with NaN propagated
};

// Each element is one FMA chain over p = 0..kc-1 started from 0, then C (if load_c), bias and relu
// are added in that order: its value never depends on where the tile sits.
using MicroKernelFn = void (*)(const MicroTile& tile);

// Packs one panel from `w` <= `width` source lines of length kb (a transpose): out[p * width + j]
// = src[j * stride + p], zero for j >= w. The packing of A (not transposed) and B^T.
using GatherFn = void (*)(const float* src, int64_t stride, int64_t kb, int w, int width,
                          float* out);

// A product C = op(A) op(B) (+ C, bias, relu) that a kernel reads in place, without packing
// (the narrow-N and tiny-K paths).
struct DirectProductArgs {
  int64_t m = 0, n = 0, k = 0;
  bool trans_a = false;
  const float* a = nullptr;  // op(A)(i, p) = trans_a ? a[p * lda + i] : a[i * lda + p]
  int64_t lda = 0;
  const float* b = nullptr;
  int64_t ldb = 0;
  float* c = nullptr;
  int64_t ldc = 0;
  bool load_c = false;
  const float* bias = nullptr;  // n values, or nullptr
  bool relu = false;
};

// The narrow-N path (n <= kNarrowMaxN): rows [0, m) of C = op(A) * B computed column-wise, each
// C column a register of 16 rows, so no lane is wasted on a narrow C. B is k x n with unit column
// stride (b[p * ldb + j]; the driver packs a transposed B first). op(A) is read in place: when
// trans_a its columns are contiguous, else 16 x 16 blocks are transposed in registers. Each element
// is one FMA chain over p = 0..k-1 started from 0, then C (if load_c), bias and relu, as in
// MicroKernelFn.
struct NarrowArgs : DirectProductArgs {};
using NarrowFn = void (*)(const NarrowArgs& args);
inline constexpr int64_t kNarrowMaxN = 16;

// The tiny-K path (k <= kTinyKMaxK; SgemmWithKernel uses it for n > kNarrowMaxN and the k and
// ldc where it was measured faster than the tiles): C = op(A) op(B) with no packing. For each
// block of 32 (or 16) columns of C, op(B)'s k x 32 block is held in 2k registers (B stored n x k
// is transposed in registers), then rows of op(A) stream past it as broadcasts, each feeding two
// FMAs, and C's rows are written with full-width stores. Each element is one FMA chain over p =
// 0..k-1 started from 0, then C (if load_c), bias and relu, as in MicroKernelFn.
struct TinyKArgs : DirectProductArgs {
  bool trans_b = false;  // op(B)(p, j) = trans_b ? b[j * ldb + p] : b[p * ldb + j]
};
using TinyKFn = void (*)(const TinyKArgs& args);
inline constexpr int64_t kTinyKMaxK = 16;

struct MicroKernel {
  const char* name;
  int mr, nr;          // tile shape
  int64_t mc, kc, nc;  // cache blocks: A block mc x kc (L2), B block kc x nc (L3)
  MicroKernelFn run;
  GatherFn gather;       // a vectorised transpose for packing, or nullptr for the portable one
  bool partial_tiles;    // run() honours MicroTile::rows/cols (else the driver uses a scratch tile)
  bool direct_operands;  // run() honours MicroTile::a_rs/a_ps/b_ps and transpose_c
  NarrowFn narrow;       // the narrow-N path, or nullptr (then narrow products use run())
  TinyKFn tiny_k = nullptr;  // the tiny-K path, or nullptr (then tiny-K products use run())
};

// Always available: plain C++ (whatever the baseline target vectorises it to).
const MicroKernel& PortableMicroKernel();
// AVX2+FMA and AVX-512F kernels: callable only where HostCpuFeatures() says so.
const MicroKernel& Avx2MicroKernel();
const MicroKernel& Avx512MicroKernel();

// How SgemmWithKernel divides a product among `threads` (chosen from the shape alone): C's columns
// or rows in whole tiles, with B packed once up front and shared, or by each shard for itself.
struct GemmSplit {
  int64_t shards = 1;
  bool by_columns = true;
  bool shared_b = false;
};
GemmSplit ChooseGemmSplit(const GemmArgs& args, const MicroKernel& kernel, int threads);

// The fastest kernel the host supports (probed once).
const MicroKernel& HostMicroKernel();

// Sgemm with an explicit kernel (tests force each instruction set through this; Sgemm itself calls
// it with HostMicroKernel()).
void SgemmWithKernel(const GemmArgs& args, ThreadPool* pool, const MicroKernel& kernel);

}  // namespace rill::runtime::gemm_internal

#endif  // RILL_RUNTIME_GEMM_MICROKERNEL_H_
