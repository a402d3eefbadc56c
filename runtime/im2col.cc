// Im2Col / Col2ImAdd: per filter row, one run of filter_w * in_c contiguous floats when the whole
// row lies inside the image with dilation 1 (the common case), tap by tap otherwise. Runs are
// short (5 floats for a 5x5 filter on one channel), so they are copied with masked AVX-512
// loads/stores where the CPU has them (the loops are instantiated twice, dispatch at load time).
#include "runtime/im2col.h"

#include <immintrin.h>

#include "runtime/avx512_dispatch.h"

namespace rill::runtime {
namespace {

// Run operations: dst[0, n) = src / = 0 / += src.
struct PortableRuns {
  static void Copy(float* __restrict dst, const float* __restrict src, int64_t n) {
    for (int64_t j = 0; j < n; ++j) dst[j] = src[j];
  }
  static void Zero(float* dst, int64_t n) {
    for (int64_t j = 0; j < n; ++j) dst[j] = 0.0f;
  }
  static void Add(float* __restrict dst, const float* __restrict src, int64_t n) {
    for (int64_t j = 0; j < n; ++j) dst[j] += src[j];
  }
};

struct Avx512Runs {
  __attribute__((target("avx512f"))) static __mmask16 Tail(int64_t n) {
    return static_cast<__mmask16>((1u << n) - 1);
  }
  __attribute__((target("avx512f"))) static void Copy(float* dst, const float* src, int64_t n) {
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) _mm512_storeu_ps(dst + j, _mm512_loadu_ps(src + j));
    if (j < n) {
      const __mmask16 m = Tail(n - j);
      _mm512_mask_storeu_ps(dst + j, m, _mm512_maskz_loadu_ps(m, src + j));
    }
  }
  __attribute__((target("avx512f"))) static void Zero(float* dst, int64_t n) {
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) _mm512_storeu_ps(dst + j, _mm512_setzero_ps());
    if (j < n) _mm512_mask_storeu_ps(dst + j, Tail(n - j), _mm512_setzero_ps());
  }
  __attribute__((target("avx512f"))) static void Add(float* dst, const float* src, int64_t n) {
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
      _mm512_storeu_ps(dst + j, _mm512_add_ps(_mm512_loadu_ps(dst + j), _mm512_loadu_ps(src + j)));
    }
    if (j < n) {
      const __mmask16 m = Tail(n - j);
      const __m512 sum =
          _mm512_add_ps(_mm512_maskz_loadu_ps(m, dst + j), _mm512_maskz_loadu_ps(m, src + j));
      _mm512_mask_storeu_ps(dst + j, m, sum);
    }
  }
};

// The input row of filter row fy for output row oy, or -1 in the vertical padding.
int64_t InputRow(const Conv2DShape& s, int64_t oy, int64_t fy) {
  const int64_t iy = oy * s.stride_h + fy * s.dilation_h - s.pad_top;
  return iy >= 0 && iy < s.in_h ? iy : -1;
}

// Always inlined into the wrappers below, whose target lets the Avx512Runs calls inline too.
template <typename Runs>
__attribute__((always_inline)) inline void Im2ColImpl(const Conv2DShape& s, const float* image,
                                                      int64_t p_begin, int64_t p_end, float* col) {
  const int64_t patch = PatchSize(s), c = s.in_c, run = s.filter_w * c;
  for (int64_t p = p_begin; p < p_end; ++p) {
    float* row = col + (p - p_begin) * patch;
    const int64_t oy = p / s.out_w, ix0 = (p % s.out_w) * s.stride_w - s.pad_left;
    const bool whole_row = s.dilation_w == 1 && ix0 >= 0 && ix0 + s.filter_w <= s.in_w;
    for (int64_t fy = 0; fy < s.filter_h; ++fy) {
      float* dst = row + fy * run;
      const int64_t iy = InputRow(s, oy, fy);
      if (iy < 0) {
        Runs::Zero(dst, run);
        continue;
      }
      const float* in = image + iy * s.in_w * c;
      if (whole_row) {
        Runs::Copy(dst, in + ix0 * c, run);
        continue;
      }
      for (int64_t fx = 0; fx < s.filter_w; ++fx) {
        const int64_t ix = ix0 + fx * s.dilation_w;
        if (ix >= 0 && ix < s.in_w) {
          Runs::Copy(dst + fx * c, in + ix * c, c);
        } else {
          Runs::Zero(dst + fx * c, c);
        }
      }
    }
  }
}

template <typename Runs>
__attribute__((always_inline)) inline void Col2ImAddImpl(const Conv2DShape& s, const float* col,
                                                         int64_t p_begin, int64_t p_end,
                                                         float* image) {
  const int64_t patch = PatchSize(s), c = s.in_c, run = s.filter_w * c;
  for (int64_t p = p_begin; p < p_end; ++p) {
    const float* row = col + (p - p_begin) * patch;
    const int64_t oy = p / s.out_w, ix0 = (p % s.out_w) * s.stride_w - s.pad_left;
    const bool whole_row = s.dilation_w == 1 && ix0 >= 0 && ix0 + s.filter_w <= s.in_w;
    for (int64_t fy = 0; fy < s.filter_h; ++fy) {
      const int64_t iy = InputRow(s, oy, fy);
      if (iy < 0) continue;
      const float* src = row + fy * run;
      float* dst = image + iy * s.in_w * c;
      if (whole_row) {
        Runs::Add(dst + ix0 * c, src, run);
        continue;
      }
      for (int64_t fx = 0; fx < s.filter_w; ++fx) {
        const int64_t ix = ix0 + fx * s.dilation_w;
        if (ix >= 0 && ix < s.in_w) Runs::Add(dst + ix * c, src + fx * c, c);
      }
    }
  }
}

__attribute__((target("avx512f"))) void Im2ColAvx512(const Conv2DShape& s, const float* image,
                                                     int64_t p_begin, int64_t p_end, float* col) {
  Im2ColImpl<Avx512Runs>(s, image, p_begin, p_end, col);
}

__attribute__((target("avx512f"))) void Col2ImAddAvx512(const Conv2DShape& s, const float* col,
                                                        int64_t p_begin, int64_t p_end,
                                                        float* image) {
  Col2ImAddImpl<Avx512Runs>(s, col, p_begin, p_end, image);
}

}  // namespace

void Im2Col(const Conv2DShape& s, const float* image, int64_t p_begin, int64_t p_end, float* col) {
  if (HasAvx512()) return Im2ColAvx512(s, image, p_begin, p_end, col);
  Im2ColImpl<PortableRuns>(s, image, p_begin, p_end, col);
}

void Col2ImAdd(const Conv2DShape& s, const float* col, int64_t p_begin, int64_t p_end,
               float* image) {
  if (HasAvx512()) return Col2ImAddAvx512(s, col, p_begin, p_end, image);
  Col2ImAddImpl<PortableRuns>(s, col, p_begin, p_end, image);
}

}  // namespace rill::runtime
