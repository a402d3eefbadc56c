// Tests for SmallGemm: against a double-precision triple loop for many (m, n, k), strided and
// transposed A, accumulate, bias and relu; the AVX-512 and portable paths agree; row splits
// leave every element bitwise unchanged.
#include "runtime/small_gemm.h"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace rill::runtime {
namespace {

std::vector<float> Random(int64_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

struct Problem {
  int64_t m, n, k;
  bool trans_a, accumulate, with_bias, relu;
};

// Runs `gemm` on a fresh random problem and checks every element against double precision.
template <typename Gemm>
void Check(const Problem& p, Gemm gemm) {
  const int64_t lda = (p.trans_a ? p.m : p.k) + 3, ldb = p.n + 2, ldc = p.n + 1;
  const std::vector<float> a = Random((p.trans_a ? p.k : p.m) * lda, 1);
  const std::vector<float> b = Random(p.k * ldb, 2), bias = Random(p.n, 3);
  std::vector<float> c = Random(p.m * ldc, 4);
  const std::vector<float> c0 = c;
  SmallGemmArgs g{.m = p.m,
                  .n = p.n,
                  .k = p.k,
                  .a = a.data(),
                  .a_row_stride = p.trans_a ? 1 : lda,
                  .a_col_stride = p.trans_a ? lda : 1,
                  .b = b.data(),
                  .ldb = ldb,
                  .c = c.data(),
                  .ldc = ldc,
                  .accumulate = p.accumulate,
                  .bias = p.with_bias ? bias.data() : nullptr,
                  .relu = p.relu};
  gemm(g);
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < ldc; ++j) {
      const float got = c[i * ldc + j];
      if (j >= p.n) {  // padding columns untouched
        EXPECT_EQ(got, c0[i * ldc + j]);
        continue;
      }
      double want = p.accumulate ? c0[i * ldc + j] : 0.0, scale = std::fabs(want);
      for (int64_t q = 0; q < p.k; ++q) {
        const double av = p.trans_a ? a[q * lda + i] : a[i * lda + q];
        want += av * b[q * ldb + j];
        scale += std::fabs(av * b[q * ldb + j]);
      }
      if (p.with_bias) want += bias[j], scale += std::fabs(bias[j]);
      if (p.relu) want = std::max(want, 0.0);
      ASSERT_NEAR(got, want, 1e-5 * scale + 1e-6)
          << "m=" << p.m << " n=" << p.n << " k=" << p.k << " at " << i << "," << j;
    }
  }
}

std::vector<Problem> Problems() {
  std::vector<Problem> out;
  for (int64_t m : {1, 7, 8, 9, 25, 64})
    for (int64_t n : {1, 5, 16, 17, 20, 40, 48, 49, 100})
      for (int64_t k : {0, 1, 25, 40})
        out.push_back({m, n, k, (m + n) % 2 == 0, k % 2 == 1, n % 3 == 0, m % 3 == 1});
  return out;
}

TEST(SmallGemmTest, MatchesDoublePrecision) {
  for (const Problem& p : Problems()) Check(p, SmallGemm);
}

TEST(SmallGemmTest, PortableMatchesDoublePrecision) {
  for (const Problem& p : Problems()) Check(p, SmallGemmPortable);
}

// Segmented rows and columns: A(i, p) = a[(i / 3) * 50 + (i % 3) * 2 + (p / 4) * 7 + (p % 4)].
TEST(SmallGemmTest, SegmentedA) {
  const std::vector<float> a = Random(600, 8), b = Random(10 * 19, 9);
  for (auto gemm : {SmallGemm, SmallGemmPortable}) {
    for (int64_t m : {1, 8, 11, 17}) {
      std::vector<float> c(m * 19);
      gemm({.m = m,
            .n = 19,
            .k = 10,
            .a = a.data(),
            .a_row_stride = 2,
            .a_col_stride = 1,
            .a_row_segment_len = 3,
            .a_row_segment_stride = 50,
            .a_col_segment_len = 4,
            .a_col_segment_stride = 7,
            .b = b.data(),
            .ldb = 19,
            .c = c.data(),
            .ldc = 19});
      for (int64_t i = 0; i < m; ++i) {
        for (int64_t j = 0; j < 19; ++j) {
          double want = 0;
          for (int64_t p = 0; p < 10; ++p) {
            want += double(a[(i / 3) * 50 + (i % 3) * 2 + (p / 4) * 7 + p % 4]) * b[p * 19 + j];
          }
          EXPECT_NEAR(c[i * 19 + j], want, 1e-5) << m << " " << i << " " << j;
        }
      }
    }
  }
}

TEST(SmallGemmTest, ReluKeepsNaN) {
  const float a[2] = {std::nanf(""), -1.0f}, b[1] = {1.0f};
  float c[2] = {0.0f, 0.0f};
  SmallGemm({.m = 2,
             .n = 1,
             .k = 1,
             .a = a,
             .a_row_stride = 1,
             .a_col_stride = 1,
             .b = b,
             .ldb = 1,
             .c = c,
             .ldc = 1,
             .relu = true});
  EXPECT_TRUE(std::isnan(c[0]));
  EXPECT_EQ(c[1], 0.0f);
}

// Row splits (as threads make them) change which tile shape computes a row, never its bits; n
// covers the 1-, 2- and 3-vector tiles (16, 12 and 8 rows).
TEST(SmallGemmTest, RowSplitsAreBitwiseEqual) {
  const int64_t m = 37, k = 300;
  for (int64_t n : {13, 20, 45}) {
    const std::vector<float> a = Random(m * k, 5), b = Random(k * n, 6);
    std::vector<float> whole(m * n), split(m * n);
    SmallGemmArgs g{.m = m,
                    .n = n,
                    .k = k,
                    .a = a.data(),
                    .a_row_stride = k,
                    .a_col_stride = 1,
                    .b = b.data(),
                    .ldb = n,
                    .c = whole.data(),
                    .ldc = n};
    SmallGemm(g);
    for (int64_t i0 = 0; i0 < m; i0 += 5) {
      g.m = std::min<int64_t>(5, m - i0);
      g.a = a.data() + i0 * k;
      g.c = split.data() + i0 * n;
      SmallGemm(g);
    }
    EXPECT_EQ(std::memcmp(whole.data(), split.data(), whole.size() * sizeof(float)), 0) << n;
  }
}

}  // namespace
}  // namespace rill::runtime
