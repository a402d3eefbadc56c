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

// Tails (< 16 floats) go 8, 4, then 1 at a time: on this project's AMD machine a masked AVX-512
// store costs several times an unmasked one, and runs are often 5 floats (5x5 filter, 1 channel).
#define RILL_AVX512 __attribute__((target("avx512f")))
struct Avx512Runs {
  RILL_AVX512 static void Copy(float* dst, const float* src, int64_t n) {
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) _mm512_storeu_ps(dst + j, _mm512_loadu_ps(src + j));
    if (j + 8 <= n) _mm256_storeu_ps(dst + j, _mm256_loadu_ps(src + j)), j += 8;
    if (j + 4 <= n) _mm_storeu_ps(dst + j, _mm_loadu_ps(src + j)), j += 4;
    for (; j < n; ++j) dst[j] = src[j];
  }
  RILL_AVX512 static void Zero(float* dst, int64_t n) {
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) _mm512_storeu_ps(dst + j, _mm512_setzero_ps());
    if (j + 8 <= n) _mm256_storeu_ps(dst + j, _mm256_setzero_ps()), j += 8;
    if (j + 4 <= n) _mm_storeu_ps(dst + j, _mm_setzero_ps()), j += 4;
    for (; j < n; ++j) dst[j] = 0.0f;
  }
  RILL_AVX512 static void Add(float* dst, const float* src, int64_t n) {
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
      _mm512_storeu_ps(dst + j, _mm512_add_ps(_mm512_loadu_ps(dst + j), _mm512_loadu_ps(src + j)));
    }
    if (j + 8 <= n) {
      _mm256_storeu_ps(dst + j, _mm256_add_ps(_mm256_loadu_ps(dst + j), _mm256_loadu_ps(src + j)));
      j += 8;
    }
    if (j + 4 <= n) {
      _mm_storeu_ps(dst + j, _mm_add_ps(_mm_loadu_ps(dst + j), _mm_loadu_ps(src + j)));
      j += 4;
    }
    for (; j < n; ++j) dst[j] += src[j];
  }
};
#undef RILL_AVX512

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
  // Pixel p's coordinates, stepped rather than divided out per pixel (a 64-bit division costs
  // more than the copying of a small patch row).
  int64_t oy = p_begin / s.out_w, ox = p_begin % s.out_w;
  for (int64_t p = p_begin; p < p_end; ++p, ++ox) {
    if (ox == s.out_w) ox = 0, ++oy;
    float* row = col + (p - p_begin) * patch;
    const int64_t ix0 = ox * s.stride_w - s.pad_left;
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
                                                         float* image, int64_t iy_begin,
                                                         int64_t iy_end) {
  const int64_t patch = PatchSize(s), c = s.in_c, run = s.filter_w * c;
  // Pixel p's coordinates, stepped rather than divided out per pixel (a 64-bit division costs
  // more than the copying of a small patch row).
  int64_t oy = p_begin / s.out_w, ox = p_begin % s.out_w;
  for (int64_t p = p_begin; p < p_end; ++p, ++ox) {
    if (ox == s.out_w) ox = 0, ++oy;
    const float* row = col + (p - p_begin) * patch;
    const int64_t ix0 = ox * s.stride_w - s.pad_left;
    const bool whole_row = s.dilation_w == 1 && ix0 >= 0 && ix0 + s.filter_w <= s.in_w;
    for (int64_t fy = 0; fy < s.filter_h; ++fy) {
      const int64_t iy = InputRow(s, oy, fy);
      if (iy < 0 || iy < iy_begin || iy >= iy_end) continue;
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
                                                        float* image, int64_t iy_begin,
                                                        int64_t iy_end) {
  Col2ImAddImpl<Avx512Runs>(s, col, p_begin, p_end, image, iy_begin, iy_end);
}

}  // namespace

void Im2Col(const Conv2DShape& s, const float* image, int64_t p_begin, int64_t p_end, float* col) {
  if (HasAvx512()) return Im2ColAvx512(s, image, p_begin, p_end, col);
  Im2ColImpl<PortableRuns>(s, image, p_begin, p_end, col);
}

void Col2ImAdd(const Conv2DShape& s, const float* col, int64_t p_begin, int64_t p_end, float* image,
               int64_t iy_begin, int64_t iy_end) {
  if (HasAvx512()) return Col2ImAddAvx512(s, col, p_begin, p_end, image, iy_begin, iy_end);
  Col2ImAddImpl<PortableRuns>(s, col, p_begin, p_end, image, iy_begin, iy_end);
}

}  // namespace rill::runtime
