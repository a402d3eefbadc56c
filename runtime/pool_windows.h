// Window kernels for the pooling loops (pool2d.cc): one output pixel's window, all channels. A
// portable and an AVX-512 set with the same semantics, so the loops over windows are written once
// as templates over the set. The AVX-512 set walks the channels in 16-lane blocks (the last one
// masked, or for the kernels that only store, a full block overlapping the one before: masked
// loads and stores are slow on Zen 4) with the taps inner, keeping each block's running max / sum
// / winner in registers.
#ifndef RILL_RUNTIME_POOL_WINDOWS_H_
#define RILL_RUNTIME_POOL_WINDOWS_H_

#include <immintrin.h>

#include <cstdint>

namespace rill::runtime::pool_windows {

// The in-bounds taps of one window: rows [y0, y1), columns [x0, x1) of an in_w-wide image with
// `channels` floats per pixel.
struct Window {
  int64_t y0, y1, x0, x1;
  int64_t in_w, channels;
  int64_t count() const { return y1 > y0 && x1 > x0 ? (y1 - y0) * (x1 - x0) : 0; }
  int64_t offset(int64_t iy, int64_t ix) const { return (iy * in_w + ix) * channels; }
};

// MaxPool's rule for one more tap: a NaN already chosen stays; otherwise a NaN or a larger value
// wins (ties keep the earlier tap).
inline bool Takes(float best, float v) { return best == best && (v != v || v > best); }

// All functions need w.count() > 0.
struct Portable {
  // y = the window's maximum (MaxPool's rule).
  static void Max(const Window& w, const float* image, float* y) {
    for (int64_t c = 0; c < w.channels; ++c) {
      float best = image[w.offset(w.y0, w.x0) + c];
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix) {
          const float v = image[w.offset(iy, ix) + c];
          if (Takes(best, v)) best = v;
        }
      y[c] = best;
    }
  }
  // y = (0 + taps in window order) / count.
  static void Mean(const Window& w, const float* image, float* y) {
    for (int64_t c = 0; c < w.channels; ++c) {
      float sum = 0.0f;
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix) sum += image[w.offset(iy, ix) + c];
      y[c] = sum / static_cast<float>(w.count());
    }
  }
  // The offset of channel c's winning tap (MaxPool's rule, taps in window order).
  static int64_t Winner(const Window& w, const float* image, int64_t c) {
    int64_t winner = w.offset(w.y0, w.x0) + c;
    for (int64_t iy = w.y0; iy < w.y1; ++iy)
      for (int64_t ix = w.x0; ix < w.x1; ++ix) {
        if (Takes(image[winner], image[w.offset(iy, ix) + c])) winner = w.offset(iy, ix) + c;
      }
    return winner;
  }
  // dimage[winner] += g, per channel.
  static void RouteToMax(const Window& w, const float* image, const float* g, float* dimage) {
    for (int64_t c = 0; c < w.channels; ++c) dimage[Winner(w, image, c)] += g[c];
  }
  // For windows no other window shares a tap (disjoint): every tap = 0, the winner 0 + g (so a
  // -0 gradient lands as +0, as when added to a zeroed buffer); per channel.
  static void StoreToMax(const Window& w, const float* image, const float* g, float* dimage) {
    for (int64_t c = 0; c < w.channels; ++c) {
      const int64_t winner = Winner(w, image, c);
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix) dimage[w.offset(iy, ix) + c] = 0.0f;
      dimage[winner] = 0.0f + g[c];
    }
  }
  // StoreToMax for a full 2x2 window whose top-left tap is x[0] (taps x[0], x[channels],
  // x[row], x[row + channels] in window order), writing dx at the same offsets.
  static void StoreToMax2x2(const float* x, int64_t row, int64_t channels, const float* g,
                            float* dx) {
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t taps[4] = {c, channels + c, row + c, row + channels + c};
      int64_t winner = taps[0];
      for (int k = 1; k < 4; ++k) {
        if (Takes(x[winner], x[taps[k]])) winner = taps[k];
      }
      for (int k = 0; k < 4; ++k) dx[taps[k]] = 0.0f;
      dx[winner] = 0.0f + g[c];
    }
  }
  // Every tap += g / count.
  static void Spread(const Window& w, const float* g, float* dimage) {
    for (int64_t c = 0; c < w.channels; ++c) {
      const float share = g[c] / static_cast<float>(w.count());
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix) dimage[w.offset(iy, ix) + c] += share;
    }
  }
};

#define RILL_AVX512 __attribute__((target("avx512f")))

struct Avx512 {
  RILL_AVX512 static __m512 Load(const float* p, __mmask16 m, bool full) {
    return full ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(m, p);
  }
  RILL_AVX512 static void Store(float* p, __m512 v, __mmask16 m, bool full) {
    if (full) {
      _mm512_storeu_ps(p, v);
    } else {
      _mm512_mask_storeu_ps(p, m, v);
    }
  }
  // Calls block(c, mask, full) per 16-channel block.
  template <typename Block>
  RILL_AVX512 static void ForBlocks(int64_t channels, const Block& block) {
    int64_t c = 0;
    for (; c + 16 <= channels; c += 16) block(c, static_cast<__mmask16>(0xffff), true);
    if (c < channels) block(c, static_cast<__mmask16>((1u << (channels - c)) - 1), false);
  }
  // ForBlocks for kernels that only store (each lane's result depends on its own channel): with
  // 16 or more channels the last block is a full one ending at `channels`, overlapping the one
  // before and storing the same values again, instead of a masked one.
  template <typename Block>
  RILL_AVX512 static void ForStoreBlocks(int64_t channels, const Block& block) {
    if (channels < 16) return ForBlocks(channels, block);
    int64_t c = 0;
    for (; c + 16 <= channels; c += 16) block(c, static_cast<__mmask16>(0xffff), true);
    if (c < channels) block(channels - 16, static_cast<__mmask16>(0xffff), true);
  }
  // The lanes where v takes over from best (Takes, vectorised): best is not NaN, and !(v <= best)
  // (true for v > best or v NaN). Two independent compares keep the per-tap chain short.
  RILL_AVX512 static __mmask16 TakeMask(__m512 best, __m512 v) {
    return _mm512_cmp_ps_mask(best, best, _CMP_ORD_Q) & _mm512_cmp_ps_mask(v, best, _CMP_NLE_UQ);
  }
  // The block's maximum and, per lane, the ordinal of the tap holding it.
  RILL_AVX512 static void ArgMax(const Window& w, const float* image, int64_t c, __mmask16 m,
                                 bool full, __m512& best, __m512i& winner) {
    best = Load(image + w.offset(w.y0, w.x0) + c, m, full);
    winner = _mm512_setzero_si512();
    int32_t tap = 0;
    for (int64_t iy = w.y0; iy < w.y1; ++iy)
      for (int64_t ix = w.x0; ix < w.x1; ++ix, ++tap) {
        if (tap == 0) continue;
        const __m512 v = Load(image + w.offset(iy, ix) + c, m, full);
        const __mmask16 take = TakeMask(best, v);
        best = _mm512_mask_mov_ps(best, take, v);
        winner = _mm512_mask_mov_epi32(winner, take, _mm512_set1_epi32(tap));
      }
  }
  RILL_AVX512 static void Max(const Window& w, const float* image, float* y) {
    ForStoreBlocks(w.channels, [&](int64_t c, __mmask16 m, bool full) RILL_AVX512 {
      __m512 best;
      __m512i winner;
      ArgMax(w, image, c, m, full, best, winner);
      Store(y + c, best, m, full);
    });
  }
  RILL_AVX512 static void Mean(const Window& w, const float* image, float* y) {
    ForStoreBlocks(w.channels, [&](int64_t c, __mmask16 m, bool full) RILL_AVX512 {
      __m512 sum = _mm512_setzero_ps();
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix) {
          sum = _mm512_add_ps(sum, Load(image + w.offset(iy, ix) + c, m, full));
        }
      Store(y + c, _mm512_div_ps(sum, _mm512_set1_ps(static_cast<float>(w.count()))), m, full);
    });
  }
  RILL_AVX512 static void RouteToMax(const Window& w, const float* image, const float* g,
                                     float* dimage) {
    ForBlocks(w.channels, [&](int64_t c, __mmask16 m, bool full) RILL_AVX512 {
      __m512 best;
      __m512i winner;
      ArgMax(w, image, c, m, full, best, winner);
      const __m512 grad = Load(g + c, m, full);
      int32_t tap = 0;
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix, ++tap) {
          // No branch on `hit`: the winners are data-dependent, so it would mispredict often.
          const __mmask16 hit = _mm512_cmpeq_epi32_mask(winner, _mm512_set1_epi32(tap));
          float* d = dimage + w.offset(iy, ix) + c;
          const __m512 old = Load(d, m, full);
          Store(d, _mm512_mask_add_ps(old, hit, old, grad), m, full);
        }
    });
  }
  // Portable::StoreToMax: stores without reading the destination (no zero-fill needed).
  RILL_AVX512 static void StoreToMax(const Window& w, const float* image, const float* g,
                                     float* dimage) {
    ForStoreBlocks(w.channels, [&](int64_t c, __mmask16 m, bool full) RILL_AVX512 {
      __m512 best;
      __m512i winner;
      ArgMax(w, image, c, m, full, best, winner);
      // 0 + grad: a -0 gradient becomes +0, as the reference's add to a zeroed buffer.
      const __m512 grad = _mm512_add_ps(_mm512_setzero_ps(), Load(g + c, m, full));
      int32_t tap = 0;
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix, ++tap) {
          const __mmask16 hit = _mm512_cmpeq_epi32_mask(winner, _mm512_set1_epi32(tap));
          Store(dimage + w.offset(iy, ix) + c, _mm512_maskz_mov_ps(hit, grad), m, full);
        }
    });
  }
  // Portable::StoreToMax2x2 with the winner kept as four lane masks (no tap ordinals).
  RILL_AVX512 static void StoreToMax2x2(const float* x, int64_t row, int64_t channels,
                                        const float* g, float* dx) {
    ForStoreBlocks(channels, [&](int64_t c, __mmask16 m, bool full) RILL_AVX512 {
      const __m512 a = Load(x + c, m, full), b = Load(x + channels + c, m, full);
      const __m512 d = Load(x + row + c, m, full), e = Load(x + row + channels + c, m, full);
      const __mmask16 t1 = TakeMask(a, b);
      const __m512 ab = _mm512_mask_mov_ps(a, t1, b);
      const __mmask16 t2 = TakeMask(ab, d);
      const __m512 abd = _mm512_mask_mov_ps(ab, t2, d);
      const __mmask16 t3 = TakeMask(abd, e);
      // The last tap that took over wins.
      const __mmask16 hit3 = t3, hit2 = t2 & ~t3, hit1 = t1 & ~t2 & ~t3;
      const __mmask16 hit0 = ~(t1 | t2 | t3);
      const __m512 grad = _mm512_add_ps(_mm512_setzero_ps(), Load(g + c, m, full));
      Store(dx + c, _mm512_maskz_mov_ps(hit0, grad), m, full);
      Store(dx + channels + c, _mm512_maskz_mov_ps(hit1, grad), m, full);
      Store(dx + row + c, _mm512_maskz_mov_ps(hit2, grad), m, full);
      Store(dx + row + channels + c, _mm512_maskz_mov_ps(hit3, grad), m, full);
    });
  }
  RILL_AVX512 static void Spread(const Window& w, const float* g, float* dimage) {
    ForBlocks(w.channels, [&](int64_t c, __mmask16 m, bool full) RILL_AVX512 {
      const __m512 share =
          _mm512_div_ps(Load(g + c, m, full), _mm512_set1_ps(static_cast<float>(w.count())));
      for (int64_t iy = w.y0; iy < w.y1; ++iy)
        for (int64_t ix = w.x0; ix < w.x1; ++ix) {
          float* d = dimage + w.offset(iy, ix) + c;
          Store(d, _mm512_add_ps(Load(d, m, full), share), m, full);
        }
    });
  }
};

#undef RILL_AVX512

}  // namespace rill::runtime::pool_windows

#endif  // RILL_RUNTIME_POOL_WINDOWS_H_
