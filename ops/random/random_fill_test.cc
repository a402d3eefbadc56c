// Tests the random ops' element sequences: the documented layout, independence from how the
// output is partitioned (chunks, threads), truncation bounds and integer range edge cases.
#include "ops/random/random_fill.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

#include "base/status_matchers.h"
#include "gtest/gtest.h"
#include "ops/random/philox.h"

namespace rill::random {
namespace {

const PhiloxStream kStream({7, 11}, 3);

// Fills n elements with `fill(first, span)` split into `threads` contiguous slices, each filled
// on its own std::thread.
template <typename T, typename Fill>
std::vector<T> FillOnThreads(int64_t n, int threads, Fill fill) {
  std::vector<T> out(n);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = n * t / threads, end = n * (t + 1) / threads;
    workers.emplace_back(
        [&, begin, end] { fill(begin, absl::MakeSpan(out.data() + begin, end - begin)); });
  }
  for (std::thread& w : workers) w.join();
  return out;
}

// Fills n elements in chunks of 1, 2, 3, ... elements (every group alignment).
template <typename T, typename Fill>
std::vector<T> FillInChunks(int64_t n, Fill fill) {
  std::vector<T> out(n);
  int64_t pos = 0;
  for (int64_t size = 1; pos < n; ++size) {
    const int64_t len = std::min(size, n - pos);
    fill(pos, absl::MakeSpan(out.data() + pos, len));
    pos += len;
  }
  return out;
}

template <typename T>
bool BitwiseEqual(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Checks that a fill gives bitwise the same n elements however it is partitioned.
template <typename T, typename Fill>
void ExpectPartitionIndependent(Fill fill) {
  constexpr int64_t n = 103;  // not a multiple of any group size
  const std::vector<T> whole = FillOnThreads<T>(n, 1, fill);
  for (int threads : {2, 3, 8}) {
    EXPECT_TRUE(BitwiseEqual(whole, FillOnThreads<T>(n, threads, fill))) << threads << " threads";
  }
  EXPECT_TRUE(BitwiseEqual(whole, FillInChunks<T>(n, fill)));
}

TEST(RandomFillTest, UniformLayout) {
  std::vector<float> f(6);
  FillUniform(kStream, 0, absl::MakeSpan(f));
  const PhiloxBlock b0 = kStream.Block(0), b1 = kStream.Block(1);
  EXPECT_EQ(f[0], Uint32ToFloat(b0[0]));
  EXPECT_EQ(f[3], Uint32ToFloat(b0[3]));
  EXPECT_EQ(f[5], Uint32ToFloat(b1[1]));
  std::vector<double> d(3);
  FillUniform(kStream, 0, absl::MakeSpan(d));
  EXPECT_EQ(d[0], Uint64ToDouble(b0[0], b0[1]));
  EXPECT_EQ(d[1], Uint64ToDouble(b0[2], b0[3]));
  EXPECT_EQ(d[2], Uint64ToDouble(b1[0], b1[1]));
}

TEST(RandomFillTest, NormalLayout) {
  std::vector<float> f(4);
  FillNormal(kStream, 4, absl::MakeSpan(f));  // elements 4..7 = block 1
  const PhiloxBlock b1 = kStream.Block(1);
  float z0, z1;
  BoxMullerFloat(b1[2], b1[3], &z0, &z1);
  EXPECT_EQ(f[2], z0);
  EXPECT_EQ(f[3], z1);
  std::vector<double> d(1);
  FillNormal(kStream, 3, absl::MakeSpan(d));  // element 3 = second of block 1
  double w0, w1;
  BoxMullerDouble(b1[0], b1[1], b1[2], b1[3], &w0, &w1);
  EXPECT_EQ(d[0], w1);
}

TEST(RandomFillTest, TruncatedNormalGroupsStartAtTheirReservation) {
  // Float group 1 (elements 4..7) reads from block 256 on; the first accepted value is its
  // first element.
  std::vector<float> f(1);
  ASSERT_OK(FillTruncatedNormal(kStream, 4, absl::MakeSpan(f)));
  std::vector<float> accepted;
  for (uint64_t block = 256; accepted.empty(); ++block) {
    const PhiloxBlock b = kStream.Block(block);
    for (int k = 0; k < 4; k += 2) {
      float z[2];
      BoxMullerFloat(b[k], b[k + 1], &z[0], &z[1]);
      for (float v : z) {
        if (std::fabs(v) < 2.0f) accepted.push_back(v);
      }
    }
  }
  EXPECT_EQ(f[0], accepted[0]);
  // Double group 1 (elements 2, 3) reads from block 128.
  std::vector<double> d(1);
  ASSERT_OK(FillTruncatedNormal(kStream, 2, absl::MakeSpan(d)));
  const PhiloxBlock b = kStream.Block(128);
  double z0, z1;
  BoxMullerDouble(b[0], b[1], b[2], b[3], &z0, &z1);
  ASSERT_TRUE(std::fabs(z0) < 2.0 || std::fabs(z1) < 2.0) << "pick another seed for this test";
  EXPECT_EQ(d[0], std::fabs(z0) < 2.0 ? z0 : z1);
}

TEST(RandomFillTest, TruncatedNormalStaysWithinTwoStandardDeviations) {
  std::vector<float> f(10000);
  ASSERT_OK(FillTruncatedNormal(kStream, 0, absl::MakeSpan(f)));
  std::vector<double> d(10000);
  ASSERT_OK(FillTruncatedNormal(kStream, 0, absl::MakeSpan(d)));
  for (size_t i = 0; i < f.size(); ++i) {
    ASSERT_LT(std::fabs(f[i]), 2.0f) << i;
    ASSERT_LT(std::fabs(d[i]), 2.0) << i;
  }
}

TEST(RandomFillTest, PartitionAndThreadCountDoNotMatter) {
  ExpectPartitionIndependent<float>(
      [](int64_t first, absl::Span<float> out) { FillUniform(kStream, first, out); });
  ExpectPartitionIndependent<double>(
      [](int64_t first, absl::Span<double> out) { FillUniform(kStream, first, out); });
  ExpectPartitionIndependent<float>(
      [](int64_t first, absl::Span<float> out) { FillNormal(kStream, first, out); });
  ExpectPartitionIndependent<double>(
      [](int64_t first, absl::Span<double> out) { FillNormal(kStream, first, out); });
  ExpectPartitionIndependent<float>([](int64_t first, absl::Span<float> out) {
    ASSERT_OK(FillTruncatedNormal(kStream, first, out));
  });
  ExpectPartitionIndependent<double>([](int64_t first, absl::Span<double> out) {
    ASSERT_OK(FillTruncatedNormal(kStream, first, out));
  });
  ExpectPartitionIndependent<int32_t>([](int64_t first, absl::Span<int32_t> out) {
    FillUniformInt(kStream, first, int32_t{-3}, int32_t{1000}, out);
  });
  ExpectPartitionIndependent<int64_t>([](int64_t first, absl::Span<int64_t> out) {
    FillUniformInt(kStream, first, int64_t{-3}, int64_t{1} << 50, out);
  });
}

TEST(RandomFillTest, UniformIntLayoutAndRanges) {
  std::vector<int32_t> v(5);
  FillUniformInt(kStream, 0, -5, 5, absl::MakeSpan(v));
  const PhiloxBlock b0 = kStream.Block(0), b1 = kStream.Block(1);
  EXPECT_EQ(v[2], -5 + static_cast<int32_t>(b0[2] % 10));
  EXPECT_EQ(v[4], -5 + static_cast<int32_t>(b1[0] % 10));
  std::vector<int64_t> w(3);
  FillUniformInt(kStream, 0, int64_t{10}, int64_t{20}, absl::MakeSpan(w));
  EXPECT_EQ(w[1], 10 + static_cast<int64_t>((uint64_t{b0[2]} | uint64_t{b0[3]} << 32) % 10));
  // A one-value range, and the widest ranges (hi - lo overflows the signed type).
  FillUniformInt(kStream, 0, 41, 42, absl::MakeSpan(v));
  for (int32_t x : v) EXPECT_EQ(x, 41);
  constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
  constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
  FillUniformInt(kStream, 0, kMin32, kMax32, absl::MakeSpan(v));
  for (int k = 0; k < 4; ++k) {
    // range 2^32 - 1: lo + word mod (2^32 - 1), wrapped into int32.
    EXPECT_EQ(v[k], static_cast<int32_t>(static_cast<uint32_t>(kMin32) + b0[k] % 0xffffffffu));
  }
  constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();
  FillUniformInt(kStream, 0, kMin64, kMax64, absl::MakeSpan(w));
  for (int64_t x : w) EXPECT_LT(x, kMax64);
}

TEST(RandomFillTest, EmptyOutput) {
  FillUniform(kStream, 0, absl::Span<float>());
  EXPECT_OK(FillTruncatedNormal(kStream, 0, absl::Span<double>()));
}

}  // namespace
}  // namespace rill::random
