// Conv2D*Reference: direct loops over output elements and taps; the yardstick for tests.
#include <algorithm>
#include <cmath>

#include "runtime/conv2d.h"

namespace rill::runtime {
namespace {

// Calls fn(input_offset, filter_offset_without_channels) for every in-bounds tap of (n, oy, ox).
template <typename Fn>
void ForEachTap(const Conv2DShape& s, int64_t n, int64_t oy, int64_t ox, Fn fn) {
  for (int64_t fy = 0; fy < s.filter_h; ++fy) {
    const int64_t iy = oy * s.stride_h + fy * s.dilation_h - s.pad_top;
    if (iy < 0 || iy >= s.in_h) continue;
    for (int64_t fx = 0; fx < s.filter_w; ++fx) {
      const int64_t ix = ox * s.stride_w + fx * s.dilation_w - s.pad_left;
      if (ix < 0 || ix >= s.in_w) continue;
      fn(((n * s.in_h + iy) * s.in_w + ix) * s.in_c, (fy * s.filter_w + fx) * s.in_c * s.out_c);
    }
  }
}

}  // namespace

void Conv2DForwardReference(const Conv2DShape& s, const float* input, const float* filter,
                            const float* bias, bool relu, float* output) {
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t oy = 0; oy < s.out_h; ++oy)
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        float* out = output + ((n * s.out_h + oy) * s.out_w + ox) * s.out_c;
        std::fill(out, out + s.out_c, 0.0f);
        ForEachTap(s, n, oy, ox, [&](int64_t in_off, int64_t f_off) {
          for (int64_t ci = 0; ci < s.in_c; ++ci)
            for (int64_t co = 0; co < s.out_c; ++co)
              out[co] += input[in_off + ci] * filter[f_off + ci * s.out_c + co];
        });
        for (int64_t co = 0; co < s.out_c; ++co) {
          if (bias != nullptr) out[co] += bias[co];
          if (relu && !std::isnan(out[co])) out[co] = std::max(out[co], 0.0f);
        }
      }
}

void Conv2DBackwardInputReference(const Conv2DShape& s, const float* filter,
                                  const float* out_backprop, float* in_backprop) {
  std::fill(in_backprop, in_backprop + s.batch * s.in_h * s.in_w * s.in_c, 0.0f);
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t oy = 0; oy < s.out_h; ++oy)
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        const float* dy = out_backprop + ((n * s.out_h + oy) * s.out_w + ox) * s.out_c;
        ForEachTap(s, n, oy, ox, [&](int64_t in_off, int64_t f_off) {
          for (int64_t ci = 0; ci < s.in_c; ++ci)
            for (int64_t co = 0; co < s.out_c; ++co)
              in_backprop[in_off + ci] += dy[co] * filter[f_off + ci * s.out_c + co];
        });
      }
}

void Conv2DBackwardFilterReference(const Conv2DShape& s, const float* input,
                                   const float* out_backprop, float* filter_backprop) {
  std::fill(filter_backprop, filter_backprop + s.filter_h * s.filter_w * s.in_c * s.out_c, 0.0f);
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t oy = 0; oy < s.out_h; ++oy)
      for (int64_t ox = 0; ox < s.out_w; ++ox) {
        const float* dy = out_backprop + ((n * s.out_h + oy) * s.out_w + ox) * s.out_c;
        ForEachTap(s, n, oy, ox, [&](int64_t in_off, int64_t f_off) {
          for (int64_t ci = 0; ci < s.in_c; ++ci)
            for (int64_t co = 0; co < s.out_c; ++co)
              filter_backprop[f_off + ci * s.out_c + co] += input[in_off + ci] * dy[co];
        });
      }
}

}  // namespace rill::runtime
