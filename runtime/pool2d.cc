// Pool2D: per output pixel, one pass over the window's in-bounds taps with the channel loop
// innermost (contiguous in NHWC). The per-image loops are cloned for AVX-512 (chosen at load
// time) and vectorised by the compiler; threads split images (and, for the forward pools,
// output rows), which never changes any element's order of operations.
#include "runtime/pool2d.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

namespace rill::runtime {
namespace {

// The in-bounds window of output (oy, ox): rows [y0, y1), columns [x0, x1).
struct Window {
  int64_t y0, y1, x0, x1;
  int64_t count() const { return (y1 - y0) * (x1 - x0); }
};

Window WindowAt(const Pool2DShape& s, int64_t oy, int64_t ox) {
  const int64_t y = oy * s.stride_h - s.pad_top, x = ox * s.stride_w - s.pad_left;
  return {std::max<int64_t>(y, 0), std::min(y + s.window_h, s.in_h), std::max<int64_t>(x, 0),
          std::min(x + s.window_w, s.in_w)};
}

// Runs fn over [0, n) on the pool (or inline) with at least `min_units` per shard.
void ForRange(ThreadPool* pool, int64_t n, int64_t min_units,
              const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  if (pool == nullptr) return fn(0, n);
  pool->ParallelForRange(n, std::max<int64_t>(min_units, 1), fn);
}

// Units per shard so each shard has ~64 Ki floats of work.
int64_t MinUnits(int64_t floats_per_unit) {
  return std::max<int64_t>(1, (64 * 1024) / std::max<int64_t>(floats_per_unit, 1));
}

// Output rows [r0, r1) of all images (row r = b * out_h + oy).
__attribute__((target_clones("avx512f", "default"))) void MaxPoolRows(const Pool2DShape& s,
                                                                       const float* __restrict in,
                                                                       float* __restrict out,
                                                                       int64_t r0, int64_t r1) {
  const int64_t C = s.channels;
  for (int64_t r = r0; r < r1; ++r) {
    const int64_t b = r / s.out_h, oy = r % s.out_h;
    const float* image = in + b * s.in_h * s.in_w * C;
    for (int64_t ox = 0; ox < s.out_w; ++ox) {
      float* __restrict y = out + (r * s.out_w + ox) * C;
      const Window w = WindowAt(s, oy, ox);
      if (w.count() <= 0) {
        std::fill(y, y + C, -std::numeric_limits<float>::infinity());
        continue;
      }
      bool first = true;
      for (int64_t iy = w.y0; iy < w.y1; ++iy) {
        for (int64_t ix = w.x0; ix < w.x1; ++ix) {
          const float* __restrict x = image + (iy * s.in_w + ix) * C;
          if (first) {
            for (int64_t c = 0; c < C; ++c) y[c] = x[c];
            first = false;
            continue;
          }
          for (int64_t c = 0; c < C; ++c) {
            // A NaN already chosen stays; otherwise a NaN or a larger value wins.
            const float best = y[c], v = x[c];
            const bool take = best == best && (v != v || v > best);
            y[c] = take ? v : best;
          }
        }
      }
    }
  }
}

// Images [b0, b1); best/where are scratch of `channels` elements.
__attribute__((target_clones("avx512f", "default"))) void MaxPoolGradImages(
    const Pool2DShape& s, const float* __restrict in, const float* __restrict grad,
    float* __restrict dx, int64_t b0, int64_t b1, float* __restrict best,
    int64_t* __restrict where) {
  const int64_t C = s.channels, image_size = s.in_h * s.in_w * C;
  std::fill(dx + b0 * image_size, dx + b1 * image_size, 0.0f);
  for (int64_t b = b0; b < b1; ++b) {
    const float* image = in + b * image_size;
    float* dimage = dx + b * image_size;
    for (int64_t oy = 0; oy < s.out_h; ++oy) {
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        const Window w = WindowAt(s, oy, ox);
        if (w.count() <= 0) continue;
        bool first = true;
        for (int64_t iy = w.y0; iy < w.y1; ++iy) {
          for (int64_t ix = w.x0; ix < w.x1; ++ix) {
            const int64_t off = (iy * s.in_w + ix) * C;
            const float* __restrict x = image + off;
            if (first) {
              for (int64_t c = 0; c < C; ++c) best[c] = x[c], where[c] = off;
              first = false;
              continue;
            }
            for (int64_t c = 0; c < C; ++c) {
              const float v = x[c], cur = best[c];
              const bool take = cur == cur && (v != v || v > cur);
              best[c] = take ? v : cur;
              where[c] = take ? off : where[c];
            }
          }
        }
        const float* g = grad + ((b * s.out_h + oy) * s.out_w + ox) * C;
        for (int64_t c = 0; c < C; ++c) dimage[where[c] + c] += g[c];
      }
    }
  }
}

__attribute__((target_clones("avx512f", "default"))) void AvgPoolRows(const Pool2DShape& s,
                                                                       const float* __restrict in,
                                                                       float* __restrict out,
                                                                       int64_t r0, int64_t r1) {
  const int64_t C = s.channels;
  for (int64_t r = r0; r < r1; ++r) {
    const int64_t b = r / s.out_h, oy = r % s.out_h;
    const float* image = in + b * s.in_h * s.in_w * C;
    for (int64_t ox = 0; ox < s.out_w; ++ox) {
      float* __restrict y = out + (r * s.out_w + ox) * C;
      std::fill(y, y + C, 0.0f);
      const Window w = WindowAt(s, oy, ox);
      if (w.count() <= 0) continue;
      for (int64_t iy = w.y0; iy < w.y1; ++iy) {
        for (int64_t ix = w.x0; ix < w.x1; ++ix) {
          const float* __restrict x = image + (iy * s.in_w + ix) * C;
          for (int64_t c = 0; c < C; ++c) y[c] += x[c];
        }
      }
      const float count = static_cast<float>(w.count());
      for (int64_t c = 0; c < C; ++c) y[c] /= count;
    }
  }
}

__attribute__((target_clones("avx512f", "default"))) void AvgPoolGradImages(
    const Pool2DShape& s, const float* __restrict grad, float* __restrict dx, int64_t b0,
    int64_t b1, float* __restrict share) {
  const int64_t C = s.channels, image_size = s.in_h * s.in_w * C;
  std::fill(dx + b0 * image_size, dx + b1 * image_size, 0.0f);
  for (int64_t b = b0; b < b1; ++b) {
    float* dimage = dx + b * image_size;
    for (int64_t oy = 0; oy < s.out_h; ++oy) {
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        const Window w = WindowAt(s, oy, ox);
        if (w.count() <= 0) continue;
        const float* g = grad + ((b * s.out_h + oy) * s.out_w + ox) * C;
        const float count = static_cast<float>(w.count());
        for (int64_t c = 0; c < C; ++c) share[c] = g[c] / count;
        for (int64_t iy = w.y0; iy < w.y1; ++iy) {
          for (int64_t ix = w.x0; ix < w.x1; ++ix) {
            float* __restrict d = dimage + (iy * s.in_w + ix) * C;
            for (int64_t c = 0; c < C; ++c) d[c] += share[c];
          }
        }
      }
    }
  }
}

}  // namespace

void MaxPool(const Pool2DShape& s, const float* input, float* output, ThreadPool* pool) {
  if (s.channels <= 0) return;
  ForRange(pool, s.batch * s.out_h, MinUnits(s.out_w * s.window_h * s.window_w * s.channels),
           [&](int64_t r0, int64_t r1) { MaxPoolRows(s, input, output, r0, r1); });
}

void MaxPoolGrad(const Pool2DShape& s, const float* input, const float* grad, float* in_backprop,
                 ThreadPool* pool) {
  if (s.channels <= 0) return;
  ForRange(pool, s.batch, MinUnits(s.in_h * s.in_w * s.channels), [&](int64_t b0, int64_t b1) {
    std::vector<float> best(s.channels);
    std::vector<int64_t> where(s.channels);
    MaxPoolGradImages(s, input, grad, in_backprop, b0, b1, best.data(), where.data());
  });
}

void AvgPool(const Pool2DShape& s, const float* input, float* output, ThreadPool* pool) {
  if (s.channels <= 0) return;
  ForRange(pool, s.batch * s.out_h, MinUnits(s.out_w * s.window_h * s.window_w * s.channels),
           [&](int64_t r0, int64_t r1) { AvgPoolRows(s, input, output, r0, r1); });
}

void AvgPoolGrad(const Pool2DShape& s, const float* grad, float* in_backprop, ThreadPool* pool) {
  if (s.channels <= 0) return;
  ForRange(pool, s.batch, MinUnits(s.in_h * s.in_w * s.channels), [&](int64_t b0, int64_t b1) {
    std::vector<float> share(s.channels);
    AvgPoolGradImages(s, grad, in_backprop, b0, b1, share.data());
  });
}

}  // namespace rill::runtime
