// PackA / PackB: one loop shape per memory order. Each panel is written sequentially; the source is
// read either contiguously (memcpy-like rows) or as `w` parallel sequential streams (a gather).
#include "runtime/gemm_pack.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace rill::runtime::gemm_internal {
namespace {

// Calls f(std::integral_constant<int, W>()) when `width` is a tile width of the micro-kernels
// (so the packing loops unroll for it) and returns true; false for any other width.
template <typename F>
bool WithTileWidth(int width, F&& f) {
  switch (width) {
    case 4:
      f(std::integral_constant<int, 4>());
      return true;
    case 6:
      f(std::integral_constant<int, 6>());
      return true;
    case 8:
      f(std::integral_constant<int, 8>());
      return true;
    case 12:
      f(std::integral_constant<int, 12>());
      return true;
    case 16:
      f(std::integral_constant<int, 16>());
      return true;
    case 32:
      f(std::integral_constant<int, 32>());
      return true;
    default:
      return false;
  }
}

// out[p * W + j] = src[j * stride + p] for j < w (w <= W), zero for w <= j < W: the panel is a
// transpose of w source lines of length kb. W is a compile-time width so the inner loop unrolls.
template <int W>
void GatherPanel(const float* src, int64_t stride, int64_t kb, int w, float* out) {
  if (w == W) {
    const float* lines[W];
    for (int j = 0; j < W; ++j) lines[j] = src + j * stride;
    for (int64_t p = 0; p < kb; ++p) {
      for (int j = 0; j < W; ++j) out[p * W + j] = lines[j][p];
    }
    return;
  }
  for (int64_t p = 0; p < kb; ++p) {
    for (int j = 0; j < W; ++j) out[p * W + j] = j < w ? src[j * stride + p] : 0.0f;
  }
}

}  // namespace

void GatherPanelPortable(const float* src, int64_t stride, int64_t kb, int w, int width,
                         float* out) {
  if (WithTileWidth(
          width, [&](auto tile) { GatherPanel<decltype(tile)::value>(src, stride, kb, w, out); })) {
    return;
  }
  for (int64_t p = 0; p < kb; ++p) {
    for (int j = 0; j < width; ++j) out[p * width + j] = j < w ? src[j * stride + p] : 0.0f;
  }
}

namespace {

// The panels of `count` columns of rows already in panel order: panel q gets
// out[q * kb * W + p * W + j] = src[p * stride + q * W + j], zero past `count`. Walks the source
// row by row (sequential reads, one short contiguous write per panel); W is a compile-time width
// so each write is a few vector moves (GCC's -O2 does not vectorise the element loop itself).
template <int W>
void CopyPanels(const float* src, int64_t stride, int64_t kb, int64_t count, float* out) {
  const int64_t full = count / W;
  const int tail = static_cast<int>(count - full * W);
  for (int64_t p = 0; p < kb; ++p) {
    const float* row = src + p * stride;
    float* dst = out + p * W;
    for (int64_t q = 0; q < full; ++q, row += W, dst += kb * W) {
      std::memcpy(dst, row, sizeof(float) * W);  // constant size: inlined vector moves
    }
    if (tail > 0) {
      std::memcpy(dst, row, sizeof(float) * tail);
      std::fill(dst + tail, dst + W, 0.0f);
    }
  }
}

void CopyPanelsAny(const float* src, int64_t stride, int64_t kb, int64_t count, int width,
                   float* out) {
  if (WithTileWidth(width, [&](auto tile) {
        CopyPanels<decltype(tile)::value>(src, stride, kb, count, out);
      })) {
    return;
  }
  for (int64_t q = 0; q * width < count; ++q) {
    const int w = static_cast<int>(std::min<int64_t>(width, count - q * width));
    for (int64_t p = 0; p < kb; ++p) {
      for (int j = 0; j < width; ++j) {
        out[q * kb * width + p * width + j] = j < w ? src[p * stride + q * width + j] : 0.0f;
      }
    }
  }
}

}  // namespace

void PackA(const GemmArgs& g, int64_t i0, int64_t mb, int64_t p0, int64_t kb, int mr, float* out,
           GatherFn gather) {
  if (gather == nullptr) gather = &GatherPanelPortable;
  if (g.trans_a) {  // A is k x m: op(A)(row, p) = a[p * lda + row], rows contiguous per p
    return CopyPanelsAny(g.a + p0 * g.lda + i0, g.lda, kb, mb, mr, out);
  }
  for (int64_t i = 0; i < mb; i += mr, out += kb * mr) {
    // A is m x k: each panel row is a contiguous run of one source row (a transpose).
    const int w = static_cast<int>(std::min<int64_t>(mr, mb - i));
    gather(g.a + (i0 + i) * g.lda + p0, g.lda, kb, w, mr, out);
  }
}

void PackB(const GemmArgs& g, int64_t p0, int64_t kb, int64_t j0, int64_t nb, int nr, float* out,
           GatherFn gather) {
  if (gather == nullptr) gather = &GatherPanelPortable;
  if (!g.trans_b) {  // B is k x n: panel rows are contiguous runs of B's rows
    return CopyPanelsAny(g.b + p0 * g.ldb + j0, g.ldb, kb, nb, nr, out);
  }
  for (int64_t j = 0; j < nb; j += nr, out += kb * nr) {
    // B is n x k: op(B)(p, col) = b[col * ldb + p] (a transpose).
    const int w = static_cast<int>(std::min<int64_t>(nr, nb - j));
    gather(g.b + (j0 + j) * g.ldb + p0, g.ldb, kb, w, nr, out);
  }
}

}  // namespace rill::runtime::gemm_internal
