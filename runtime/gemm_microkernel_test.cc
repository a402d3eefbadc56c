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
    for (int rows : {1, mr - 1, mr}) {
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
