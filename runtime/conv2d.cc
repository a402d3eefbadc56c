// Conv2D*: SmallGemm over the patch matrix. Forward and filter gradient read it in place from
// the image (VALID-like geometry) or from a zero-padded copy of the image (padding, dilation_w
// == 1); otherwise, and for the input gradient, im2col / col2im in cache-sized chunks of output
// pixels. Bias and relu are fused into the GEMM's stores.
// Forward and backward-input split output rows / images across threads; the filter-gradient
// reduction uses a FIXED number of chunks of output rows whose partial sums are added in chunk
// order, so every result is bitwise independent of the thread count.
#include "runtime/conv2d.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "runtime/im2col.h"
#include "runtime/small_gemm.h"

namespace rill::runtime {
namespace {

// Patch rows per chunk of `floats` patch-matrix floats, a multiple of the 8-row GEMM tile. The
// forward and backward-input passes use 64 KiB chunks; the filter gradient, whose reduction runs
// over the chunk's rows, 192 KiB.
int64_t ChunkPixels(int64_t patch, int64_t floats = 16 * 1024) {
  const int64_t rows = floats / std::max<int64_t>(patch, 1);
  return std::max<int64_t>(8, rows / 8 * 8);
}

// A 1x1, stride-1, unpadded filter: the image itself is the patch matrix.
bool IsPointwise(const Conv2DShape& s) {
  return s.filter_h == 1 && s.filter_w == 1 && s.stride_h == 1 && s.stride_w == 1 &&
         s.pad_top == 0 && s.pad_left == 0 && s.out_h == s.in_h && s.out_w == s.in_w;
}

// Every tap of every output pixel lies inside the input (VALID-like geometry, no padding) and
// each filter row's taps are one contiguous run: the patch matrix can be read from the image.
bool ReadsDirectly(const Conv2DShape& s) {
  return s.pad_top == 0 && s.pad_left == 0 && s.dilation_w == 1 &&
         (s.out_h - 1) * s.stride_h + (s.filter_h - 1) * s.dilation_h < s.in_h &&
         (s.out_w - 1) * s.stride_w + (s.filter_w - 1) * s.dilation_w < s.in_w;
}

// The zero-padded copy of an image (see PadImage) that makes a padded convolution one that
// ReadsDirectly: the same convolution over exactly the rows and columns its taps reach, with no
// padding. Worth it when dilation_w == 1 (the patch runs stay contiguous).
bool PadsToReadDirectly(const Conv2DShape& s) {
  return s.dilation_w == 1 && s.pad_top >= 0 && s.pad_left >= 0 && !ReadsDirectly(s);
}

Conv2DShape PaddedShape(const Conv2DShape& s) {
  Conv2DShape t = s;
  t.in_h = (s.out_h - 1) * s.stride_h + (s.filter_h - 1) * s.dilation_h + 1;
  t.in_w = (s.out_w - 1) * s.stride_w + (s.filter_w - 1) * s.dilation_w + 1;
  t.pad_top = t.pad_left = 0;
  return t;
}

// padded (t.in_h x t.in_w x in_c) = image shifted by the padding, zeros outside it.
void PadImage(const Conv2DShape& s, const Conv2DShape& t, const float* image, float* padded) {
  const int64_t c = s.in_c, width = t.in_w * c;
  const int64_t x0 = std::min(s.pad_left, t.in_w), x1 = std::min(s.pad_left + s.in_w, t.in_w);
  for (int64_t y = 0; y < t.in_h; ++y) {
    float* row = padded + y * width;
    const int64_t iy = y - s.pad_top;
    if (iy < 0 || iy >= s.in_h) {
      std::fill(row, row + width, 0.0f);
      continue;
    }
    std::fill(row, row + x0 * c, 0.0f);
    std::copy_n(image + (iy * s.in_w + x0 - s.pad_left) * c, (x1 - x0) * c, row + x0 * c);
    std::fill(row + x1 * c, row + width, 0.0f);
  }
}

// Image n as ReadsDirectly(t) wants it: the input itself, or its padded copy in `buffer`
// (made once per n in a row: `buffered` remembers which image it holds).
const float* DirectImage(const Conv2DShape& s, const Conv2DShape& t, bool pad, const float* input,
                         int64_t n, std::vector<float>& buffer, int64_t& buffered) {
  const float* image = input + n * s.in_h * s.in_w * s.in_c;
  if (!pad) return image;
  if (buffered != n) {
    buffer.resize(t.in_h * t.in_w * t.in_c);
    PadImage(s, t, image, buffer.data());
    buffered = n;
  }
  return buffer.data();
}

// The patch matrix of `pixels` output pixels from output row oy on, read in place from `image`
// (only for ReadsDirectly): row i is pixel (oy + i / out_w, i % out_w), column p is tap
// (fy, fx, ci) = filter row p / (filter_w * in_c), run offset p % (filter_w * in_c).
SmallGemmArgs PatchRows(const Conv2DShape& s, const float* image, int64_t oy, int64_t pixels) {
  const int64_t row_pitch = s.in_w * s.in_c;
  return {.m = pixels,
          .k = PatchSize(s),
          .a = image + oy * s.stride_h * row_pitch,
          .a_row_stride = s.stride_w * s.in_c,
          .a_col_stride = 1,
          .a_row_segment_len = s.out_w,
          .a_row_segment_stride = s.stride_h * row_pitch,
          .a_col_segment_len = s.filter_w * s.in_c,
          .a_col_segment_stride = s.dilation_h * row_pitch};
}

// The same matrix transposed (rows are taps, columns the pixels of output rows [oy0, oy1)), for
// the filter gradient.
SmallGemmArgs PatchColumns(const Conv2DShape& s, const float* image, int64_t oy0, int64_t oy1) {
  const int64_t row_pitch = s.in_w * s.in_c;
  return {.m = PatchSize(s),
          .k = (oy1 - oy0) * s.out_w,
          .a = image + oy0 * s.stride_h * row_pitch,
          .a_row_stride = 1,
          .a_col_stride = s.stride_w * s.in_c,
          .a_row_segment_len = s.filter_w * s.in_c,
          .a_row_segment_stride = s.dilation_h * row_pitch,
          .a_col_segment_len = s.out_w,
          .a_col_segment_stride = s.stride_h * row_pitch};
}

// Floor and ceiling of a / b for b > 0 and any sign of a.
int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

// Runs fn over [0, n) on the pool (or inline), giving each shard at least enough units for
// kMinFlops of work so small problems stay on the calling thread.
void ForRange(ThreadPool* pool, int64_t n, double flops_per_unit,
              const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  if (pool == nullptr) return fn(0, n);
  constexpr double kMinFlops = 2e6;  // ~10 us: below that, waking a worker costs more than it saves
  const int64_t min_units = static_cast<int64_t>(kMinFlops / std::max(flops_per_unit, 1.0)) + 1;
  pool->ParallelForRange(n, min_units, fn);
}

// The fixed number of chunks of output rows the filter-gradient reduction is cut into.
constexpr int64_t kFilterChunks = 8;

}  // namespace

void Conv2DForward(const Conv2DShape& s, const float* input, const float* filter, const float* bias,
                   bool relu, float* output, ThreadPool* pool) {
  const int64_t patch = PatchSize(s), pixels = s.out_h * s.out_w;
  if (s.batch <= 0 || pixels <= 0 || s.out_c <= 0) return;
  const bool pointwise = IsPointwise(s);
  const int64_t image_size = s.in_h * s.in_w * s.in_c;
  const bool pad = !pointwise && PadsToReadDirectly(s);
  if (!pointwise && (pad || ReadsDirectly(s))) {
    // Patches straight from the image or its padded copy (see PatchRows); units are output rows,
    // and a shard's consecutive rows of one image make one product.
    const Conv2DShape t = pad ? PaddedShape(s) : s;
    ForRange(pool, s.batch * s.out_h, 2.0 * s.out_w * patch * s.out_c, [&](int64_t b, int64_t e) {
      std::vector<float> buffer;
      int64_t buffered = -1;
      for (int64_t u = b; u < e;) {
        const int64_t n = u / s.out_h, oy = u % s.out_h;
        const int64_t rows = std::min(e - u, s.out_h - oy);
        const float* image = DirectImage(s, t, pad, input, n, buffer, buffered);
        SmallGemmArgs g = PatchRows(t, image, oy, rows * s.out_w);
        g.n = s.out_c;
        g.b = filter;
        g.ldb = s.out_c;
        g.c = output + u * s.out_w * s.out_c;
        g.ldc = s.out_c;
        g.bias = bias;
        g.relu = relu;
        SmallGemm(g);
        u += rows;
      }
    });
    return;
  }
  const int64_t chunk = ChunkPixels(patch);
  const int64_t per_image = (pixels + chunk - 1) / chunk;
  ForRange(pool, s.batch * per_image, 2.0 * chunk * patch * s.out_c, [&](int64_t b, int64_t e) {
    std::vector<float> col(pointwise ? 0 : chunk * patch);
    for (int64_t u = b; u < e; ++u) {
      const int64_t n = u / per_image, p0 = (u % per_image) * chunk;
      const int64_t p1 = std::min(pixels, p0 + chunk);
      const float* a = input + n * image_size + p0 * s.in_c;
      if (!pointwise) {
        Im2Col(s, input + n * image_size, p0, p1, col.data());
        a = col.data();
      }
      SmallGemm({.m = p1 - p0,
                 .n = s.out_c,
                 .k = patch,
                 .a = a,
                 .a_row_stride = patch,
                 .a_col_stride = 1,
                 .b = filter,
                 .ldb = s.out_c,
                 .c = output + (n * pixels + p0) * s.out_c,
                 .ldc = s.out_c,
                 .bias = bias,
                 .relu = relu});
    }
  });
}

void Conv2DBackwardInput(const Conv2DShape& s, const float* filter, const float* out_backprop,
                         float* in_backprop, ThreadPool* pool) {
  const int64_t patch = PatchSize(s), pixels = s.out_h * s.out_w;
  const int64_t image_size = s.in_h * s.in_w * s.in_c;
  if (s.batch <= 0 || image_size <= 0) return;
  // filter^T [out_c x patch], so the product's B rows are contiguous.
  std::vector<float> filter_t(patch * s.out_c);
  for (int64_t k = 0; k < patch; ++k)
    for (int64_t co = 0; co < s.out_c; ++co) filter_t[co * patch + k] = filter[k * s.out_c + co];
  const bool pointwise = IsPointwise(s);
  const int64_t chunk = ChunkPixels(patch);
  // Units are (image, band of input rows): a band's owner computes the patch gradient of every
  // output row reaching into the band and adds only what lands inside it, so bands never share
  // an element and no element's order of additions depends on the banding. One band per image
  // unless the batch is smaller than the thread count.
  const int64_t threads = pool == nullptr ? 1 : pool->num_threads();
  const int64_t bands =
      s.batch >= threads ? 1 : std::min(s.in_h, (threads + s.batch - 1) / s.batch);
  const int64_t row_size = s.in_w * s.in_c;
  ForRange(pool, s.batch * bands, 2.0 * pixels * patch * s.out_c / bands,
           [&](int64_t b, int64_t e) {
             std::vector<float> col(pointwise ? 0 : chunk * patch);
             for (int64_t u = b; u < e; ++u) {
               const int64_t n = u / bands, band = u % bands;
               const int64_t iy0 = band * s.in_h / bands, iy1 = (band + 1) * s.in_h / bands;
               float* dx = in_backprop + n * image_size;
               std::fill(dx + iy0 * row_size, dx + iy1 * row_size, 0.0f);
               // Output rows oy with oy * stride_h + fy * dilation_h - pad_top in [iy0, iy1).
               const int64_t oy0 = std::max<int64_t>(
                   0, CeilDiv(iy0 + s.pad_top - (s.filter_h - 1) * s.dilation_h, s.stride_h));
               const int64_t oy1 = std::min(s.out_h, FloorDiv(iy1 - 1 + s.pad_top, s.stride_h) + 1);
               for (int64_t p0 = oy0 * s.out_w; p0 < oy1 * s.out_w; p0 += chunk) {
                 const int64_t p1 = std::min(oy1 * s.out_w, p0 + chunk);
                 // Pointwise: the patch gradient is the input gradient, pixel for pixel.
                 float* c = pointwise ? dx + p0 * s.in_c : col.data();
                 SmallGemm({.m = p1 - p0,
                            .n = patch,
                            .k = s.out_c,
                            .a = out_backprop + (n * pixels + p0) * s.out_c,
                            .a_row_stride = s.out_c,
                            .a_col_stride = 1,
                            .b = filter_t.data(),
                            .ldb = patch,
                            .c = c,
                            .ldc = patch});
                 if (!pointwise) Col2ImAdd(s, col.data(), p0, p1, dx, iy0, iy1);
               }
             }
           });
}

void Conv2DBackwardFilter(const Conv2DShape& s, const float* input, const float* out_backprop,
                          float* filter_backprop, ThreadPool* pool) {
  const int64_t patch = PatchSize(s), pixels = s.out_h * s.out_w;
  const int64_t filter_size = patch * s.out_c;
  if (filter_size <= 0) return;
  std::fill(filter_backprop, filter_backprop + filter_size, 0.0f);
  if (s.batch <= 0 || pixels <= 0) return;
  const bool pointwise = IsPointwise(s), pad = !pointwise && PadsToReadDirectly(s);
  const bool direct = !pointwise && (pad || ReadsDirectly(s));
  const Conv2DShape t = pad ? PaddedShape(s) : s;
  const int64_t chunk = ChunkPixels(patch, 48 * 1024);
  const int64_t image_size = s.in_h * s.in_w * s.in_c;
  // The reduction runs over all output rows of all images (row r = n * out_h + oy), cut into a
  // fixed number of chunks: chunk c sums rows [c * rows / chunks, (c + 1) * rows / chunks).
  // Chunk 0 writes the result directly, the others into `partials`, added afterwards in chunk
  // order. Splitting rows rather than images keeps small batches parallel too.
  const int64_t rows = s.batch * s.out_h;
  const int64_t chunks = std::min(rows, kFilterChunks);
  std::vector<float> partials((chunks - 1) * filter_size);
  const double flops_per_chunk = 2.0 * (rows / chunks) * s.out_w * patch * s.out_c;
  ForRange(pool, chunks, flops_per_chunk, [&](int64_t b, int64_t e) {
    std::vector<float> col(pointwise || direct ? 0 : chunk * patch), buffer;
    int64_t buffered = -1;
    for (int64_t c = b; c < e; ++c) {
      float* dw = c == 0 ? filter_backprop : partials.data() + (c - 1) * filter_size;
      bool first = true;
      // The chunk's rows, one image at a time.
      for (int64_t r = c * rows / chunks, r_end = (c + 1) * rows / chunks; r < r_end;) {
        const int64_t n = r / s.out_h, oy0 = r % s.out_h;
        const int64_t oy1 = std::min(s.out_h, oy0 + (r_end - r));
        r += oy1 - oy0;
        const float* image = input + n * image_size;
        const float* dy = out_backprop + (n * pixels + oy0 * s.out_w) * s.out_c;
        if (direct) {
          SmallGemmArgs g =
              PatchColumns(t, DirectImage(s, t, pad, input, n, buffer, buffered), oy0, oy1);
          g.n = s.out_c;
          g.b = dy;
          g.ldb = s.out_c;
          g.c = dw;
          g.ldc = s.out_c;
          g.accumulate = !first;
          SmallGemm(g);
          first = false;
          continue;
        }
        for (int64_t p0 = oy0 * s.out_w; p0 < oy1 * s.out_w; p0 += chunk) {
          const int64_t p1 = std::min(oy1 * s.out_w, p0 + chunk);
          const float* a = image + p0 * s.in_c;
          if (!pointwise) {
            Im2Col(s, image, p0, p1, col.data());
            a = col.data();
          }
          // dw[patch x out_c] += col^T * dy: A(i, p) = col[p * patch + i].
          SmallGemm({.m = patch,
                     .n = s.out_c,
                     .k = p1 - p0,
                     .a = a,
                     .a_row_stride = 1,
                     .a_col_stride = patch,
                     .b = out_backprop + (n * pixels + p0) * s.out_c,
                     .ldb = s.out_c,
                     .c = dw,
                     .ldc = s.out_c,
                     .accumulate = !first});
          first = false;
        }
      }
    }
  });
  // Chunk-order sum, split over filter elements (each element's order is fixed).
  ForRange(pool, filter_size, static_cast<double>(chunks), [&](int64_t b, int64_t e) {
    for (int64_t c = 1; c < chunks; ++c) {
      const float* part = partials.data() + (c - 1) * filter_size;
      for (int64_t i = b; i < e; ++i) filter_backprop[i] += part[i];
    }
  });
}

}  // namespace rill::runtime
