// Im2Col / Col2ImAdd: per filter row, a run of filter_w * in_c contiguous floats when the whole
// row lies inside the image with dilation 1 (the common case), tap by tap otherwise.
#include "runtime/im2col.h"

#include <algorithm>
#include <cstring>

namespace rill::runtime {
namespace {

// Calls seg(fy_offset_in_row, input_row or nullptr, ix0) per filter row of pixel p; the input row
// is null when the filter row lies in the vertical padding.
template <typename T, typename Fn>
void ForEachFilterRow(const Conv2DShape& s, T* image, int64_t p, Fn fn) {
  const int64_t oy = p / s.out_w, ox = p % s.out_w;
  const int64_t ix0 = ox * s.stride_w - s.pad_left;
  for (int64_t fy = 0; fy < s.filter_h; ++fy) {
    const int64_t iy = oy * s.stride_h + fy * s.dilation_h - s.pad_top;
    const bool inside = iy >= 0 && iy < s.in_h;
    fn(fy * s.filter_w * s.in_c, inside ? image + iy * s.in_w * s.in_c : nullptr, ix0);
  }
}

}  // namespace

void Im2Col(const Conv2DShape& s, const float* image, int64_t p_begin, int64_t p_end, float* col) {
  const int64_t patch = PatchSize(s), c = s.in_c, run = s.filter_w * c;
  for (int64_t p = p_begin; p < p_end; ++p) {
    float* row = col + (p - p_begin) * patch;
    ForEachFilterRow(s, image, p, [&](int64_t off, const float* in, int64_t ix0) {
      float* dst = row + off;
      if (in == nullptr) {
        std::fill(dst, dst + run, 0.0f);
      } else if (s.dilation_w == 1 && ix0 >= 0 && ix0 + s.filter_w <= s.in_w) {
        std::memcpy(dst, in + ix0 * c, run * sizeof(float));
      } else {
        for (int64_t fx = 0; fx < s.filter_w; ++fx) {
          const int64_t ix = ix0 + fx * s.dilation_w;
          if (ix >= 0 && ix < s.in_w) {
            std::memcpy(dst + fx * c, in + ix * c, c * sizeof(float));
          } else {
            std::fill(dst + fx * c, dst + (fx + 1) * c, 0.0f);
          }
        }
      }
    });
  }
}

void Col2ImAdd(const Conv2DShape& s, const float* col, int64_t p_begin, int64_t p_end,
               float* image) {
  const int64_t patch = PatchSize(s), c = s.in_c, run = s.filter_w * c;
  auto add = [](float* dst, const float* src, int64_t len) {
    for (int64_t j = 0; j < len; ++j) dst[j] += src[j];
  };
  for (int64_t p = p_begin; p < p_end; ++p) {
    const float* row = col + (p - p_begin) * patch;
    ForEachFilterRow(s, image, p, [&](int64_t off, float* dst_row, int64_t ix0) {
      if (dst_row == nullptr) return;
      const float* src = row + off;
      if (s.dilation_w == 1 && ix0 >= 0 && ix0 + s.filter_w <= s.in_w) {
        add(dst_row + ix0 * c, src, run);
        return;
      }
      for (int64_t fx = 0; fx < s.filter_w; ++fx) {
        const int64_t ix = ix0 + fx * s.dilation_w;
        if (ix >= 0 && ix < s.in_w) add(dst_row + ix * c, src + fx * c, c);
      }
    });
  }
}

}  // namespace rill::runtime
