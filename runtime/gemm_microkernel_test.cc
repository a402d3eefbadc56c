// Tests for the micro-kernels, each called directly (those the host can run): one tile from packed
// panels against a double-precision loop, with every write-back mode, and NaN through relu.
#include "runtime/gemm_microkernel.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/cpu_features.h"
#include "runtime/gemm_pack.h"

namespace rill::runtime::gemm_internal {
namespace {

std::vector<const MicroKernel*> Kernels() {
  std::vector<const MicroKernel*> kernels = {&PortableMicroKernel()};
  if (HostCpuFeatures().avx2_fma) kernels.push_back(&Avx2MicroKernel());
  if (HostCpuFeatures().avx512f) kernels.push_back(&Avx512MicroKernel());
  return kernels;
}

// A 64-byte aligned float array (the kernels use aligned loads on packed panels).
struct Aligned {
  explicit Aligned(size_t n)
      : data(static_cast<float*>(std::aligned_alloc(64, (4 * n + 127) / 64 * 64))) {}
  ~Aligned() { std::free(data); }
  float* data;
};

TEST(GemmMicroKernelTest, TileMatchesLoopInEveryMode) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (const MicroKernel* kernel : Kernels()) {
    const int mr = kernel->mr, nr = kernel->nr;
    for (int64_t kc : {1, 2, 37, 256}) {
      for (int mode = 0; mode < 8; ++mode) {
        Aligned a(kc * mr), b(kc * nr), bias(nr);
        for (int64_t i = 0; i < kc * mr; ++i) a.data[i] = dist(rng);
        for (int64_t i = 0; i < kc * nr; ++i) b.data[i] = dist(rng);
        for (int j = 0; j < nr; ++j) bias.data[j] = dist(rng);
        const int64_t ldc = nr + 3;
        std::vector<float> c(mr * ldc);
        for (float& x : c) x = dist(rng);
        const std::vector<float> before = c;
        MicroTile t;
        t.kc = kc;
        t.a = a.data;
        t.b = b.data;
        t.c = c.data();
        t.ldc = ldc;
        t.rows = mr;
        t.cols = nr;
        t.load_c = mode & 1;
        t.bias = mode & 2 ? bias.data : nullptr;
        t.relu = mode & 4;
        kernel->run(t);
        for (int r = 0; r < mr; ++r) {
          for (int j = 0; j < ldc; ++j) {
            if (j >= nr) {
              EXPECT_EQ(c[r * ldc + j], before[r * ldc + j]) << kernel->name << " wrote past nr";
              continue;
            }
            double want = 0, mag = 0;
            for (int64_t p = 0; p < kc; ++p) {
              want += double{a.data[p * mr + r]} * b.data[p * nr + j];
              mag += std::fabs(double{a.data[p * mr + r]} * b.data[p * nr + j]);
            }
            if (t.load_c) want += before[r * ldc + j], mag += std::fabs(before[r * ldc + j]);
            if (t.bias) want += bias.data[j], mag += std::fabs(bias.data[j]);
            if (t.relu && want < 0) want = 0;
            EXPECT_NEAR(c[r * ldc + j], want, 1e-6 * (kc + 3) * mag + 1e-30)
                << kernel->name << " kc=" << kc << " mode=" << mode << " at " << r << "," << j;
          }
        }
      }
    }
  }
}

TEST(GemmMicroKernelTest, ReluKeepsNan) {
  for (const MicroKernel* kernel : Kernels()) {
    const int mr = kernel->mr, nr = kernel->nr;
    Aligned a(mr), b(nr);
    for (int r = 0; r < mr; ++r) a.data[r] = r == 1 ? std::nanf("") : -1.0f;
    for (int j = 0; j < nr; ++j) b.data[j] = 1.0f;
    std::vector<float> c(mr * nr);
    MicroTile t;
    t.kc = 1;
    t.a = a.data;
    t.b = b.data;
    t.c = c.data();
    t.ldc = nr;
    t.rows = mr;
    t.cols = nr;
    t.relu = true;
    kernel->run(t);
    for (int r = 0; r < mr; ++r) {
      for (int j = 0; j < nr; ++j) {
        if (r == 1) {
          EXPECT_TRUE(std::isnan(c[r * nr + j])) << kernel->name;
        } else {
          EXPECT_EQ(c[r * nr + j], 0.0f) << kernel->name;
        }
      }
    }
  }
}

// Kernels with partial_tiles write exactly the rows x cols corner, with the same values a full
// tile gives there (bitwise: the arithmetic must not depend on the tile's extent).
TEST(GemmMicroKernelTest, PartialTilesWriteOnlyTheirCorner) {
  std::mt19937 rng(2);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (const MicroKernel* kernel : Kernels()) {
    if (!kernel->partial_tiles) continue;
    const int mr = kernel->mr, nr = kernel->nr;
    const int64_t kc = 29, ldc = nr + 5;
    Aligned a(kc * mr), b(kc * nr);
    for (int64_t i = 0; i < kc * mr; ++i) a.data[i] = dist(rng);
    for (int64_t i = 0; i < kc * nr; ++i) b.data[i] = dist(rng);
    std::vector<float> bias(nr), start(mr * ldc);
    for (float& x : bias) x = dist(rng);
    for (float& x : start) x = dist(rng);
    for (int rows = 1; rows <= mr; ++rows) {  // every row count (kernels may special-case each)
      for (int cols : {1, 7, 9, 15, 16, 17, nr - 1, nr}) {
        if (cols > nr) continue;
        for (int mode = 0; mode < 8; ++mode) {
          MicroTile t;
          t.kc = kc;
          t.a = a.data;
          t.b = b.data;
          t.ldc = ldc;
          t.load_c = mode & 1;
          t.relu = mode & 4;
          std::vector<float> full = start, part = start;
          std::vector<float> part_bias(bias.begin(), bias.begin() + cols);  // exactly cols values
          t.c = full.data();
          t.rows = mr;
          t.cols = nr;
          t.bias = mode & 2 ? bias.data() : nullptr;
          kernel->run(t);
          t.c = part.data();
          t.rows = rows;
          t.cols = cols;
          t.bias = mode & 2 ? part_bias.data() : nullptr;
          kernel->run(t);
          for (int r = 0; r < mr; ++r) {
            for (int j = 0; j < ldc; ++j) {
              const size_t at = r * ldc + j;
              const float want = r < rows && j < cols ? full[at] : start[at];
              EXPECT_EQ(std::memcmp(&part[at], &want, sizeof(float)), 0)
                  << kernel->name << " rows=" << rows << " cols=" << cols << " mode=" << mode
                  << " at " << r << "," << j << ": " << part[at] << " vs " << want;
            }
          }
        }
      }
    }
  }
}

// Kernels with direct_operands give, from A and B read in place (A stored m x k or k x m, B stored
// k x n, all with padded leading dimensions), bitwise the tile they give from packed panels.
TEST(GemmMicroKernelTest, DirectOperandsMatchPackedBitwise) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  int checked = 0;
  for (const MicroKernel* kernel : Kernels()) {
    if (!kernel->direct_operands) continue;
    const int mr = kernel->mr, nr = kernel->nr;
    for (int64_t kc : {1, 3, 64, 259}) {
      const int64_t lda_rows = kc + 5, lda_cols = mr + 3, ldb = nr + 7, ldc = nr + 2;
      std::vector<float> a_rows(mr * lda_rows), a_cols(kc * lda_cols), b(kc * ldb), bias(nr);
      Aligned a_packed(kc * mr), b_packed(kc * nr);
      for (int r = 0; r < mr; ++r) {
        for (int64_t p = 0; p < kc; ++p) {
          const float x = dist(rng);
          a_rows[r * lda_rows + p] = a_cols[p * lda_cols + r] = a_packed.data[p * mr + r] = x;
        }
      }
      for (int64_t p = 0; p < kc; ++p) {
        for (int j = 0; j < nr; ++j) b[p * ldb + j] = b_packed.data[p * nr + j] = dist(rng);
      }
      for (float& x : bias) x = dist(rng);
      std::vector<float> start(mr * ldc);
      for (float& x : start) x = dist(rng);
      for (int mode = 0; mode < 8; ++mode) {
        MicroTile t;
        t.kc = kc;
        t.ldc = ldc;
        t.rows = mr;
        t.cols = nr;
        t.load_c = mode & 1;
        t.bias = mode & 2 ? bias.data() : nullptr;
        t.relu = mode & 4;
        std::vector<float> packed = start;
        t.a = a_packed.data;
        t.b = b_packed.data;
        t.c = packed.data();
        kernel->run(t);
        for (int a_mode = 0; a_mode < 3; ++a_mode) {    // packed, rows in place, columns in place
          for (int b_mode = 0; b_mode < 2; ++b_mode) {  // packed, in place
            if (a_mode == 0 && b_mode == 0) continue;
            std::vector<float> direct = start;
            MicroTile d = t;
            d.a = a_mode == 0 ? a_packed.data : a_mode == 1 ? a_rows.data() : a_cols.data();
            d.a_rs = a_mode == 1 ? lda_rows : 0;
            d.a_ps = a_mode == 2 ? lda_cols : 0;
            d.b = b_mode == 0 ? b_packed.data : b.data();
            d.b_ps = b_mode == 1 ? ldb : 0;
            d.c = direct.data();
            kernel->run(d);
            EXPECT_EQ(0, std::memcmp(direct.data(), packed.data(), sizeof(float) * direct.size()))
                << kernel->name << " kc=" << kc << " mode=" << mode << " a_mode=" << a_mode
                << " b_mode=" << b_mode;
            ++checked;
          }
        }
      }
    }
  }
  if (checked == 0) GTEST_SKIP() << "no kernel with direct_operands on this CPU";
}

// transpose_c writes the tile's transpose (bias per tile row), bitwise the values of the plain
// tile, for every row count and column count the driver uses, and nothing outside it.
TEST(GemmMicroKernelTest, TransposedTileIsThePlainTileTransposed) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  int checked = 0;
  for (const MicroKernel* kernel : Kernels()) {
    if (!kernel->direct_operands) continue;
    const int mr = kernel->mr, nr = kernel->nr;
    const int64_t kc = 41, ldc = nr + 3, ldt = mr + 5;
    Aligned a(kc * mr), b(kc * nr);
    for (int64_t i = 0; i < kc * mr; ++i) a.data[i] = dist(rng);
    for (int64_t i = 0; i < kc * nr; ++i) b.data[i] = dist(rng);
    std::vector<float> row_bias(mr), start(mr * ldc), start_t(nr * ldt);
    for (float& x : row_bias) x = dist(rng);
    for (float& x : start_t) x = dist(rng);
    for (int r = 0; r < mr; ++r) {
      for (int j = 0; j < nr; ++j) start[r * ldc + j] = start_t[j * ldt + r];
    }
    for (int rows = 1; rows <= mr; ++rows) {
      for (int cols : {1, 15, 16, 17, nr}) {
        for (int mode = 0; mode < 8; ++mode) {
          // The plain tile with the row bias folded in by hand: C + AB + bias_r, then relu.
          MicroTile t;
          t.kc = kc;
          t.a = a.data;
          t.b = b.data;
          t.rows = rows;
          t.cols = cols;
          t.load_c = mode & 1;
          std::vector<float> plain = start;
          t.c = plain.data();
          t.ldc = ldc;
          kernel->run(t);
          std::vector<float> transposed = start_t;
          MicroTile u = t;
          u.c = transposed.data();
          u.ldc = ldt;
          u.transpose_c = true;
          u.bias = mode & 2 ? row_bias.data() : nullptr;
          u.relu = mode & 4;
          kernel->run(u);
          for (int j = 0; j < nr; ++j) {
            for (int r = 0; r < ldt; ++r) {
              const size_t at = j * ldt + r;
              float want = start_t[at];
              if (r < rows && j < cols) {
                want = plain[r * ldc + j];
                if (mode & 2) want += row_bias[r];
                if ((mode & 4) && want < 0.0f) want = 0.0f;
              }
              EXPECT_EQ(std::memcmp(&transposed[at], &want, sizeof(float)), 0)
                  << kernel->name << " rows=" << rows << " cols=" << cols << " mode=" << mode
                  << " at " << j << "," << r << ": " << transposed[at] << " vs " << want;
              ++checked;
            }
          }
        }
      }
    }
  }
  if (checked == 0) GTEST_SKIP() << "no kernel with direct_operands on this CPU";
}

TEST(GemmMicroKernelTest, GatherMatchesPortableTranspose) {
  for (const MicroKernel* kernel : Kernels()) {
    if (kernel->gather == nullptr) continue;
    for (int width : {kernel->mr, kernel->nr}) {
      for (int w : {width, width - 1, 1}) {
        for (int64_t kb : {1, 15, 16, 17, 40}) {
          const int64_t stride = kb + 3;
          std::vector<float> src(width * stride);
          for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<float>(i) + 0.5f;
          std::vector<float> got(kb * width, -1.0f), want(kb * width, -2.0f);
          kernel->gather(src.data(), stride, kb, w, width, got.data());
          GatherPanelPortable(src.data(), stride, kb, w, width, want.data());
          EXPECT_EQ(got, want) << kernel->name << " width=" << width << " w=" << w << " kb=" << kb;
        }
      }
    }
  }
}

TEST(GemmMicroKernelTest, BlockSizesAreWholeTiles) {
  for (const MicroKernel* kernel : Kernels()) {
    EXPECT_EQ(kernel->mc % kernel->mr, 0) << kernel->name;
    EXPECT_EQ(kernel->nc % kernel->nr, 0) << kernel->name;
    EXPECT_GT(kernel->kc, 0) << kernel->name;
  }
}

}  // namespace
}  // namespace rill::runtime::gemm_internal
