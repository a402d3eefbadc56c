// Tests for MaxPool / MaxPoolGrad / AvgPool / AvgPoolGrad: hand-checked cases (SAME padding,
// first-maximum routing, NaN), and bitwise equality with loops that follow ops/nn's reference
// kernels (ForEachPoolWindow + MaxPoolWinner) over strides, SAME/VALID, odd channel counts,
// disjoint windows with gaps and batch 1, on 1, 2 and 3 threads, into buffers holding garbage.
#include "runtime/pool2d.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <utility>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/avx512_dispatch.h"

namespace rill::runtime {
namespace {

// TensorFlow's SAME / VALID output size and top/left padding.
Pool2DShape MakeShape(int64_t batch, int64_t in_h, int64_t in_w, int64_t channels, int64_t win_h,
                      int64_t win_w, int64_t stride_h, int64_t stride_w, bool same) {
  Pool2DShape s{.batch = batch,
                .in_h = in_h,
                .in_w = in_w,
                .channels = channels,
                .window_h = win_h,
                .window_w = win_w,
                .stride_h = stride_h,
                .stride_w = stride_w};
  auto dim = [&](int64_t in, int64_t win, int64_t stride, int64_t& out, int64_t& pad) {
    out = same ? (in + stride - 1) / stride : (in - win) / stride + 1;
    pad = same ? std::max<int64_t>((out - 1) * stride + win - in, 0) / 2 : 0;
  };
  dim(in_h, win_h, stride_h, s.out_h, s.pad_top);
  dim(in_w, win_w, stride_w, s.out_w, s.pad_left);
  return s;
}

// ops/nn's window walk: fn(out_index, in-bounds tap indices in row-major window order).
template <typename Fn>
void ForEachWindow(const Pool2DShape& s, Fn fn) {
  std::vector<int64_t> taps;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t oh = 0; oh < s.out_h; ++oh)
      for (int64_t ow = 0; ow < s.out_w; ++ow)
        for (int64_t c = 0; c < s.channels; ++c) {
          taps.clear();
          for (int64_t kh = 0; kh < s.window_h; ++kh) {
            const int64_t ih = oh * s.stride_h + kh - s.pad_top;
            if (ih < 0 || ih >= s.in_h) continue;
            for (int64_t kw = 0; kw < s.window_w; ++kw) {
              const int64_t iw = ow * s.stride_w + kw - s.pad_left;
              if (iw < 0 || iw >= s.in_w) continue;
              taps.push_back(((b * s.in_h + ih) * s.in_w + iw) * s.channels + c);
            }
          }
          fn(((b * s.out_h + oh) * s.out_w + ow) * s.channels + c, taps);
        }
}

// ops/nn's MaxPoolWinner: the first NaN, else the first maximum; -1 for no taps.
int64_t Winner(const std::vector<float>& x, const std::vector<int64_t>& taps) {
  if (taps.empty()) return -1;
  int64_t best = taps[0];
  for (size_t k = 1; k < taps.size(); ++k) {
    if (std::isnan(x[best])) break;
    const float v = x[taps[k]];
    if (std::isnan(v) || v > x[best]) best = taps[k];
  }
  return best;
}

int64_t InSize(const Pool2DShape& s) { return s.batch * s.in_h * s.in_w * s.channels; }
int64_t OutSize(const Pool2DShape& s) { return s.batch * s.out_h * s.out_w * s.channels; }

void ExpectBitwiseEqual(const std::vector<float>& got, const std::vector<float>& want,
                        const std::string& what) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::memcmp(&got[i], &want[i], sizeof(float)) != 0) {
      ADD_FAILURE() << what << " element " << i << ": got " << got[i] << ", want " << want[i];
      return;
    }
  }
}

TEST(Pool2DTest, HandCheckedSamePadding) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    // 1 image 3x3, 1 channel, 2x2 window, stride 2, SAME: out 2x2, pad bottom/right 1.
    const Pool2DShape s = MakeShape(1, 3, 3, 1, 2, 2, 2, 2, true);
    ASSERT_EQ(s.out_h, 2);
    ASSERT_EQ(s.pad_top, 0);
    const std::vector<float> x = {1, 5, 2, 4, 3, 9, -7, 8, -1};
    std::vector<float> y(4);
    MaxPool(s, x.data(), y.data(), nullptr);
    EXPECT_EQ(y, (std::vector<float>{5, 9, 8, -1}));
    AvgPool(s, x.data(), y.data(), nullptr);
    EXPECT_EQ(y, (std::vector<float>{13.0f / 4, 11.0f / 2, 1.0f / 2, -1}));
    std::vector<float> dx(9, 7.0f);
    MaxPoolGrad(s, x.data(), std::vector<float>{10, 20, 30, 40}.data(), dx.data(), nullptr);
    EXPECT_EQ(dx, (std::vector<float>{0, 10, 0, 0, 0, 20, 0, 30, 40}));
    AvgPoolGrad(s, std::vector<float>{4, 2, 6, 1}.data(), dx.data(), nullptr);
    EXPECT_EQ(dx, (std::vector<float>{1, 1, 1, 1, 1, 1, 3, 3, 1}));
  }
}

TEST(Pool2DTest, MaxPoolGradRoutesToTheFirstMaximumAndOverlapsAdd) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    // 1x4 input, 1x2 window stride 1 (VALID): windows {0,1}, {1,2}, {2,3}; ties go to the first.
    const Pool2DShape s = MakeShape(1, 1, 4, 1, 1, 2, 1, 1, false);
    const std::vector<float> x = {3, 3, 3, 1};
    std::vector<float> dx(4);
    MaxPoolGrad(s, x.data(), std::vector<float>{1, 10, 100}.data(), dx.data(), nullptr);
    EXPECT_EQ(dx, (std::vector<float>{1, 10, 100, 0}));
  }
}

TEST(Pool2DTest, NaNWinsAndTheFirstNaNTakesTheGradient) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const Pool2DShape s = MakeShape(1, 1, 4, 2, 1, 4, 1, 1, false);  // one window, 2 channels
    const std::vector<float> x = {1, 2, nan, 9, 8, nan, nan, 1};
    std::vector<float> y(2), dx(8);
    MaxPool(s, x.data(), y.data(), nullptr);
    EXPECT_TRUE(std::isnan(y[0]));
    EXPECT_TRUE(std::isnan(y[1]));
    MaxPoolGrad(s, x.data(), std::vector<float>{5, 6}.data(), dx.data(), nullptr);
    EXPECT_EQ(dx, (std::vector<float>{0, 0, 5, 0, 0, 6, 0, 0}));
  }
}

struct Case {
  std::string name;
  Pool2DShape s;
};

std::vector<Case> Cases() {
  return {
      {"cnn_pool1", MakeShape(8, 24, 24, 20, 2, 2, 2, 2, false)},
      {"cnn_pool2", MakeShape(8, 8, 8, 40, 2, 2, 2, 2, false)},
      {"same_3x3_stride2_odd_channels", MakeShape(3, 9, 10, 17, 3, 3, 2, 2, true)},
      {"same_overlapping_stride1", MakeShape(2, 7, 6, 5, 3, 2, 1, 1, true)},
      {"batch1_window_larger_than_stride", MakeShape(1, 11, 11, 33, 4, 3, 3, 2, true)},
      {"valid_asymmetric", MakeShape(2, 10, 7, 3, 3, 1, 2, 3, false)},
      {"one_channel", MakeShape(4, 5, 5, 1, 2, 2, 1, 1, true)},
      // Disjoint windows (MaxPoolGrad stores each tap once): gaps between windows and uncovered
      // rows/columns at the end, SAME windows clipped at the border, 1x1 windows.
      {"disjoint_gaps", MakeShape(2, 11, 10, 19, 2, 2, 3, 3, false)},
      {"disjoint_valid_leftover", MakeShape(3, 9, 7, 16, 2, 2, 2, 2, false)},
      {"disjoint_same_clipped", MakeShape(2, 7, 9, 21, 2, 3, 2, 3, true)},
      {"disjoint_1x1_stride2", MakeShape(2, 5, 6, 3, 1, 1, 2, 2, false)},
  };
}

// All four functions on 1, 2 and 3 threads against ops/nn's rules, bitwise.
void CheckAgainstReferenceRules(const std::string& name, const Pool2DShape& s, uint32_t seed) {
  ThreadPool two(2), three(3);
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-4.0f, 4.0f);
  std::vector<float> x(InSize(s)), g(OutSize(s));
  // Coarse values make ties (first-maximum routing) common; a few NaNs too.
  for (float& v : x) v = std::round(dist(gen));
  for (size_t i = 0; i < x.size(); i += 37) x[i] = std::numeric_limits<float>::quiet_NaN();
  for (float& v : g) v = dist(gen);
  // -0 gradients: the reference adds them to 0, which gives +0.
  for (size_t i = 0; i < g.size(); i += 29) g[i] = -0.0f;
  std::vector<float> max_want(OutSize(s)), avg_want(OutSize(s), 0.0f);
  std::vector<float> max_grad_want(InSize(s), 0.0f), avg_grad_want(InSize(s), 0.0f);
  ForEachWindow(s, [&](int64_t o, const std::vector<int64_t>& taps) {
    const int64_t w = Winner(x, taps);
    max_want[o] = x[w];
    max_grad_want[w] += g[o];
    float sum = 0;
    for (int64_t t : taps) sum += x[t];
    avg_want[o] = sum / static_cast<float>(taps.size());
    const float share = g[o] / static_cast<float>(taps.size());
    for (int64_t t : taps) avg_grad_want[t] += share;
  });
  for (ThreadPool* pool : {static_cast<ThreadPool*>(nullptr), &two, &three}) {
    const std::string what = name + " threads=" + std::to_string(pool ? pool->num_threads() : 1);
    std::vector<float> y(OutSize(s), 7.0f), dx(InSize(s), 7.0f);
    MaxPool(s, x.data(), y.data(), pool);
    ExpectBitwiseEqual(y, max_want, what + " MaxPool");
    AvgPool(s, x.data(), y.data(), pool);
    ExpectBitwiseEqual(y, avg_want, what + " AvgPool");
    MaxPoolGrad(s, x.data(), g.data(), dx.data(), pool);
    ExpectBitwiseEqual(dx, max_grad_want, what + " MaxPoolGrad");
    AvgPoolGrad(s, g.data(), dx.data(), pool);
    ExpectBitwiseEqual(dx, avg_grad_want, what + " AvgPoolGrad");
  }
}

TEST(Pool2DTest, BitwiseEqualToTheReferenceRulesOnAnyThreadCount) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    for (const Case& c : Cases()) CheckAgainstReferenceRules(c.name, c.s, 7);
  }
  // Big enough that 2 and 3 threads really split the work (the disjoint MaxPoolGrad by rows: one
  // image suffices).
  CheckAgainstReferenceRules("cnn_pool1_b128", MakeShape(128, 24, 24, 20, 2, 2, 2, 2, false), 8);
  CheckAgainstReferenceRules("batch1_rows", MakeShape(1, 512, 64, 20, 2, 2, 2, 2, false), 9);
}

// Random small geometries: windows 1-4, strides 1-3, SAME/VALID, 1-37 channels.
TEST(Pool2DTest, RandomShapesBitwiseEqualToTheReferenceRules) {
  std::mt19937 gen(11);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
  for (int trial = 0; trial < 60; ++trial) {
    const int in_h = pick(1, 9), in_w = pick(1, 9), win_h = pick(1, 4), win_w = pick(1, 4);
    const bool same = pick(0, 1) == 1;
    if (!same && (win_h > in_h || win_w > in_w)) continue;
    const Pool2DShape s =
        MakeShape(pick(1, 2), in_h, in_w, pick(1, 37), win_h, win_w, pick(1, 3), pick(1, 3), same);
    for (bool portable : {false, true}) {
      std::optional<ScopedDisableAvx512> off;
      if (portable) off.emplace();
      CheckAgainstReferenceRules("random" + std::to_string(trial), s, trial);
    }
  }
}

TEST(Pool2DTest, WindowEntirelyInPadding) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    // pad_top larger than the window: window (0, 0) sees no input (EXPLICIT-style padding).
    const Pool2DShape s{.batch = 1,
                        .in_h = 2,
                        .in_w = 2,
                        .channels = 3,
                        .window_h = 1,
                        .window_w = 1,
                        .out_h = 3,
                        .out_w = 2,
                        .pad_top = 1};
    const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    std::vector<float> y(18);
    MaxPool(s, x.data(), y.data(), nullptr);
    for (int c = 0; c < 6; ++c) EXPECT_EQ(y[c], -std::numeric_limits<float>::infinity());
    EXPECT_EQ(y[6], 1.0f);
    AvgPool(s, x.data(), y.data(), nullptr);
    for (int c = 0; c < 6; ++c) EXPECT_EQ(y[c], 0.0f);
    EXPECT_EQ(y[17], 12.0f);
    std::vector<float> dx(12, 7.0f);
    MaxPoolGrad(s, x.data(), std::vector<float>(18, 1.0f).data(), dx.data(), nullptr);
    EXPECT_EQ(dx, std::vector<float>(12, 1.0f));
  }
}

TEST(Pool2DTest, MaxPoolGradWithoutWindowsIsAllZeros) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    // Disjoint geometries with no output rows, and with no output columns.
    for (const auto& [out_h, out_w] : {std::pair<int64_t, int64_t>{0, 2}, {2, 0}}) {
      const Pool2DShape s{.batch = 2,
                          .in_h = 3,
                          .in_w = 4,
                          .channels = 17,
                          .window_h = 1,
                          .window_w = 2,
                          .stride_h = 1,
                          .stride_w = 2,
                          .out_h = out_h,
                          .out_w = out_w};
      std::vector<float> dx(InSize(s), 7.0f);
      const std::vector<float> x(InSize(s), 1.0f);
      MaxPoolGrad(s, x.data(), nullptr, dx.data(), nullptr);
      EXPECT_EQ(dx, std::vector<float>(InSize(s), 0.0f)) << out_h << "x" << out_w;
    }
  }
}

}  // namespace
}  // namespace rill::runtime
