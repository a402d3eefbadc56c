// Tests for Im2Col / Col2ImAdd: a hand-checked patch matrix with SAME padding, and the adjoint
// identity <Im2Col(x), y> == <x, Col2ImAdd(y)> with strides and dilation.
#include "runtime/im2col.h"

#include <cstring>
#include <optional>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/avx512_dispatch.h"

namespace rill::runtime {
namespace {

TEST(Im2ColTest, HandCheckedSamePadding) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    // 3x3 image, 1 channel, 2x2 filter, SAME stride 1: pad bottom/right by 1 (top/left 0).
    const Conv2DShape s{.batch = 1,
                        .in_h = 3,
                        .in_w = 3,
                        .in_c = 1,
                        .filter_h = 2,
                        .filter_w = 2,
                        .out_c = 1,
                        .out_h = 3,
                        .out_w = 3};
    const std::vector<float> image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    std::vector<float> col(9 * 4, -1.0f);
    Im2Col(s, image.data(), 0, 9, col.data());
    const std::vector<float> want = {1, 2, 4, 5, 2, 3, 5, 6, 3, 0, 6, 0, 4, 5, 7, 8, 5, 6,
                                     8, 9, 6, 0, 9, 0, 7, 8, 0, 0, 8, 9, 0, 0, 9, 0, 0, 0};
    EXPECT_EQ(col, want);
    // A sub-range of pixels writes only its rows.
    std::vector<float> part(2 * 4);
    Im2Col(s, image.data(), 4, 6, part.data());
    EXPECT_EQ(part, std::vector<float>(want.begin() + 16, want.begin() + 24));
    // Col2ImAdd of all-ones rows counts how many patches read each element.
    std::vector<float> counts(9, 0.0f);
    Col2ImAdd(s, std::vector<float>(36, 1.0f).data(), 0, 9, counts.data());
    EXPECT_EQ(counts, (std::vector<float>{1, 2, 2, 2, 4, 4, 2, 4, 4}));
  }
}

TEST(Im2ColTest, Col2ImIsTheAdjoint) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    const Conv2DShape shapes[] = {
        {.batch = 1,
         .in_h = 7,
         .in_w = 6,
         .in_c = 3,
         .filter_h = 3,
         .filter_w = 2,
         .out_c = 1,
         .out_h = 3,
         .out_w = 3,
         .stride_h = 2,
         .stride_w = 2,
         .pad_top = 0,
         .pad_left = 0},
        {.batch = 1,
         .in_h = 6,
         .in_w = 5,
         .in_c = 2,
         .filter_h = 3,
         .filter_w = 3,
         .out_c = 1,
         .out_h = 6,
         .out_w = 5,
         .dilation_h = 2,
         .dilation_w = 2,
         .pad_top = 2,
         .pad_left = 2},
    };
    std::mt19937 gen(3);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    for (const Conv2DShape& s : shapes) {
      const int64_t rows = s.out_h * s.out_w, patch = PatchSize(s);
      std::vector<float> x(s.in_h * s.in_w * s.in_c), y(rows * patch), col(rows * patch);
      for (float& v : x) v = dist(gen);
      for (float& v : y) v = dist(gen);
      std::vector<float> back(x.size(), 0.0f);
      Im2Col(s, x.data(), 0, rows, col.data());
      Col2ImAdd(s, y.data(), 0, rows, back.data());
      double lhs = 0, rhs = 0;
      for (size_t i = 0; i < col.size(); ++i) lhs += double(col[i]) * y[i];
      for (size_t i = 0; i < x.size(); ++i) rhs += double(x[i]) * back[i];
      EXPECT_NEAR(lhs, rhs, 1e-4);
      EXPECT_NE(lhs, 0.0);
    }
  }
}

// Col2ImAdd into bands of image rows adds exactly what the whole call adds, bit for bit.
TEST(Im2ColTest, Col2ImBandsAddUpToTheWhole) {
  const Conv2DShape s{.batch = 1,
                      .in_h = 9,
                      .in_w = 6,
                      .in_c = 3,
                      .filter_h = 4,
                      .filter_w = 3,
                      .out_c = 1,
                      .out_h = 5,
                      .out_w = 6,
                      .stride_h = 2,
                      .dilation_w = 2,
                      .pad_top = 1,
                      .pad_left = 2};
  const int64_t rows = s.out_h * s.out_w, patch = PatchSize(s);
  std::mt19937 gen(9);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> col(rows * patch);
  for (float& v : col) v = dist(gen);
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    std::vector<float> whole(s.in_h * s.in_w * s.in_c, 0.0f), banded(whole.size(), 0.0f);
    Col2ImAdd(s, col.data(), 0, rows, whole.data());
    for (auto [iy0, iy1] : {std::pair<int64_t, int64_t>{0, 2}, {2, 7}, {7, 9}}) {
      Col2ImAdd(s, col.data(), 0, rows, banded.data(), iy0, iy1);
    }
    EXPECT_EQ(std::memcmp(whole.data(), banded.data(), whole.size() * sizeof(float)), 0);
    EXPECT_NE(whole, std::vector<float>(whole.size(), 0.0f));
  }
}

}  // namespace
}  // namespace rill::runtime
