// Pool2D: the loops over output pixels, with each window's channels handled by a window kernel
// of pool_windows.h. The loops are written once, instantiated for the portable and the AVX-512
// kernels and picked at run time; threads split output rows (or, for the gradients of
// overlapping windows, images), which never changes any element's order of operations. The max
// pool's gradient with disjoint windows (stride >= window, e.g. 2x2 stride 2) stores each tap once
// instead of zero-filling the buffer and adding into it.
#include "runtime/pool2d.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "runtime/avx512_dispatch.h"
#include "runtime/pool_windows.h"

namespace rill::runtime {
namespace {

using pool_windows::Window;

Window WindowAt(const Pool2DShape& s, int64_t oy, int64_t ox) {
  const int64_t y = oy * s.stride_h - s.pad_top, x = ox * s.stride_w - s.pad_left;
  return {std::max<int64_t>(y, 0),
          std::min(y + s.window_h, s.in_h),
          std::max<int64_t>(x, 0),
          std::min(x + s.window_w, s.in_w),
          s.in_w,
          s.channels};
}

// Whether no two windows share a tap.
bool Disjoint(const Pool2DShape& s) {
  return s.stride_h >= s.window_h && s.stride_w >= s.window_w;
}

// With disjoint windows, output row o (of `out`) owns input rows [OwnedStart(o), OwnedStart(o+1)):
// its window's rows and the uncovered rows after them (before them too, for o = 0).
int64_t OwnedStart(int64_t o, int64_t out, int64_t stride, int64_t pad, int64_t in) {
  if (o <= 0) return 0;
  if (o >= out) return in;
  return std::clamp<int64_t>(o * stride - pad, 0, in);
}

// The column runs [begin, end) no window covers (with disjoint windows: gaps between windows and
// beyond the last one).
std::vector<std::pair<int64_t, int64_t>> UncoveredColumns(const Pool2DShape& s) {
  std::vector<bool> covered(s.in_w, false);
  for (int64_t ox = 0; ox < s.out_w; ++ox) {
    const Window w = WindowAt(s, 0, ox);
    for (int64_t ix = w.x0; ix < w.x1; ++ix) covered[ix] = true;
  }
  std::vector<std::pair<int64_t, int64_t>> runs;
  for (int64_t ix = 0; ix < s.in_w; ++ix) {
    if (covered[ix]) continue;
    if (!runs.empty() && runs.back().second == ix) {
      ++runs.back().second;
    } else {
      runs.push_back({ix, ix + 1});
    }
  }
  return runs;
}

// Runs fn over [0, n) on the pool (or inline) with at least `min_units` per shard.
void ForRange(ThreadPool* pool, int64_t n, int64_t min_units,
              const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  if (pool == nullptr) return fn(0, n);
  pool->ParallelForRange(n, std::max<int64_t>(min_units, 1), fn);
}

// Units per shard so each shard touches ~256 Ki floats (waking a worker costs ~10 us).
int64_t MinUnits(int64_t floats_per_unit) {
  return std::max<int64_t>(1, (256 * 1024) / std::max<int64_t>(floats_per_unit, 1));
}

// Output rows [r0, r1) of all images (row r = b * out_h + oy). The Impl templates are always
// inlined into the wrappers below, whose target lets the AVX-512 kernels inline too.
template <typename Kernels, bool kMax>
__attribute__((always_inline)) inline void PoolRowsImpl(const Pool2DShape& s, const float* in,
                                                        float* out, int64_t r0, int64_t r1) {
  for (int64_t r = r0; r < r1; ++r) {
    const int64_t b = r / s.out_h, oy = r % s.out_h;
    const float* image = in + b * s.in_h * s.in_w * s.channels;
    for (int64_t ox = 0; ox < s.out_w; ++ox) {
      float* y = out + (r * s.out_w + ox) * s.channels;
      const Window w = WindowAt(s, oy, ox);
      if (w.count() == 0) {
        std::fill(y, y + s.channels, kMax ? -std::numeric_limits<float>::infinity() : 0.0f);
      } else if (kMax) {
        Kernels::Max(w, image, y);
      } else {
        Kernels::Mean(w, image, y);
      }
    }
  }
}

// Images [b0, b1) of a gradient: zeroed, then each window's kernel adds its grad in window order.
template <typename Kernels, bool kMax>
__attribute__((always_inline)) inline void PoolGradImpl(const Pool2DShape& s, const float* in,
                                                        const float* grad, float* dx, int64_t b0,
                                                        int64_t b1) {
  const int64_t image_size = s.in_h * s.in_w * s.channels;
  std::fill(dx + b0 * image_size, dx + b1 * image_size, 0.0f);
  for (int64_t b = b0; b < b1; ++b) {
    for (int64_t oy = 0; oy < s.out_h; ++oy) {
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        const Window w = WindowAt(s, oy, ox);
        if (w.count() == 0) continue;
        const float* g = grad + ((b * s.out_h + oy) * s.out_w + ox) * s.channels;
        if (kMax) {
          Kernels::RouteToMax(w, in + b * image_size, g, dx + b * image_size);
        } else {
          Kernels::Spread(w, g, dx + b * image_size);
        }
      }
    }
  }
}

// MaxPoolGrad with disjoint windows, units [u0, u1) (unit u = b * out_h + oy): the input rows
// unit u owns get zeros where no window lies and, under each window, 0 or 0 + grad at the winner,
// each element written once.
template <typename Kernels>
__attribute__((always_inline)) inline void MaxPoolGradDisjointImpl(
    const Pool2DShape& s, const std::vector<std::pair<int64_t, int64_t>>& gaps, const float* in,
    const float* grad, float* dx, int64_t u0, int64_t u1) {
  const int64_t row = s.in_w * s.channels;
  const int64_t image_size = s.in_h * row;
  for (int64_t u = u0; u < u1; ++u) {
    const int64_t b = u / s.out_h, oy = u % s.out_h;
    const float* image = in + b * image_size;
    float* dimage = dx + b * image_size;
    const Window first = WindowAt(s, oy, 0);
    const int64_t r0 = OwnedStart(oy, s.out_h, s.stride_h, s.pad_top, s.in_h);
    const int64_t r1 = OwnedStart(oy + 1, s.out_h, s.stride_h, s.pad_top, s.in_h);
    for (int64_t iy = r0; iy < r1; ++iy) {
      float* d = dimage + iy * row;
      if (iy < first.y0 || iy >= first.y1) {
        std::fill(d, d + row, 0.0f);
        continue;
      }
      for (const auto& [x0, x1] : gaps) std::fill(d + x0 * s.channels, d + x1 * s.channels, 0.0f);
    }
    if (first.y1 <= first.y0) continue;
    const float* g = grad + u * s.out_w * s.channels;
    for (int64_t ox = 0; ox < s.out_w; ++ox) {
      const Window w = WindowAt(s, oy, ox);
      if (w.y1 - w.y0 == 2 && w.x1 - w.x0 == 2) {  // a full 2x2 window (the common pool)
        const int64_t at = w.offset(w.y0, w.x0);
        Kernels::StoreToMax2x2(image + at, row, s.channels, g + ox * s.channels, dimage + at);
      } else if (w.count() > 0) {
        Kernels::StoreToMax(w, image, g + ox * s.channels, dimage);
      }
    }
  }
}

__attribute__((target("avx512f"))) void MaxPoolGradDisjointAvx512(
    const Pool2DShape& s, const std::vector<std::pair<int64_t, int64_t>>& gaps, const float* in,
    const float* grad, float* dx, int64_t u0, int64_t u1) {
  MaxPoolGradDisjointImpl<pool_windows::Avx512>(s, gaps, in, grad, dx, u0, u1);
}

template <bool kMax>
__attribute__((target("avx512f"))) void PoolRowsAvx512(const Pool2DShape& s, const float* in,
                                                       float* out, int64_t r0, int64_t r1) {
  PoolRowsImpl<pool_windows::Avx512, kMax>(s, in, out, r0, r1);
}

template <bool kMax>
__attribute__((target("avx512f"))) void PoolGradAvx512(const Pool2DShape& s, const float* in,
                                                       const float* grad, float* dx, int64_t b0,
                                                       int64_t b1) {
  PoolGradImpl<pool_windows::Avx512, kMax>(s, in, grad, dx, b0, b1);
}

template <bool kMax>
void Pool(const Pool2DShape& s, const float* input, float* output, ThreadPool* pool) {
  if (s.channels <= 0) return;
  ForRange(pool, s.batch * s.out_h, MinUnits(s.out_w * s.window_h * s.window_w * s.channels),
           [&](int64_t r0, int64_t r1) {
             if (HasAvx512()) return PoolRowsAvx512<kMax>(s, input, output, r0, r1);
             PoolRowsImpl<pool_windows::Portable, kMax>(s, input, output, r0, r1);
           });
}

// `input` is unused (may be null) for the average pool's gradient.
template <bool kMax>
void PoolGrad(const Pool2DShape& s, const float* input, const float* grad, float* in_backprop,
              ThreadPool* pool) {
  if (s.channels <= 0) return;
  ForRange(pool, s.batch, MinUnits(s.in_h * s.in_w * s.channels), [&](int64_t b0, int64_t b1) {
    if (HasAvx512()) return PoolGradAvx512<kMax>(s, input, grad, in_backprop, b0, b1);
    PoolGradImpl<pool_windows::Portable, kMax>(s, input, grad, in_backprop, b0, b1);
  });
}

}  // namespace

void MaxPool(const Pool2DShape& s, const float* input, float* output, ThreadPool* pool) {
  Pool<true>(s, input, output, pool);
}

void AvgPool(const Pool2DShape& s, const float* input, float* output, ThreadPool* pool) {
  Pool<false>(s, input, output, pool);
}

void MaxPoolGrad(const Pool2DShape& s, const float* input, const float* grad, float* in_backprop,
                 ThreadPool* pool) {
  if (!Disjoint(s) || s.channels <= 0) return PoolGrad<true>(s, input, grad, in_backprop, pool);
  const std::vector<std::pair<int64_t, int64_t>> gaps = UncoveredColumns(s);
  // Units of ~window_h input rows; out_h = 0 leaves no unit to own the rows: plain zeros.
  if (s.out_h <= 0) {
    std::fill(in_backprop, in_backprop + s.batch * s.in_h * s.in_w * s.channels, 0.0f);
    return;
  }
  ForRange(pool, s.batch * s.out_h, MinUnits(s.stride_h * s.in_w * s.channels),
           [&](int64_t u0, int64_t u1) {
             if (HasAvx512()) {
               return MaxPoolGradDisjointAvx512(s, gaps, input, grad, in_backprop, u0, u1);
             }
             MaxPoolGradDisjointImpl<pool_windows::Portable>(s, gaps, input, grad, in_backprop,
                                                             u0, u1);
           });
}

void AvgPoolGrad(const Pool2DShape& s, const float* grad, float* in_backprop, ThreadPool* pool) {
  PoolGrad<false>(s, nullptr, grad, in_backprop, pool);
}

}  // namespace rill::runtime
