// Pool2D: the loops over output pixels, with each window's channels handled by a window kernel
// of pool_windows.h. The loops are written once, instantiated for the portable and the AVX-512
// kernels and picked at run time; threads split images (and, for the forward pools, output
// rows), which never changes any element's order of operations.
#include "runtime/pool2d.h"

#include <algorithm>
#include <functional>
#include <limits>

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
          s.channels,
          s.stride_h >= s.window_h && s.stride_w >= s.window_w};
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
  PoolGrad<true>(s, input, grad, in_backprop, pool);
}

void AvgPoolGrad(const Pool2DShape& s, const float* grad, float* in_backprop, ThreadPool* pool) {
  PoolGrad<false>(s, nullptr, grad, in_backprop, pool);
}

}  // namespace rill::runtime
