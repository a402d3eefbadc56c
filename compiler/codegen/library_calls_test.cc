// The library entry points against random::Fill* and a direct softmax cross entropy: bitwise
// equal with and without a thread pool, and the failure codes with their details.
#include "compiler/codegen/library_calls.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "ops/random/random_fill.h"
#include "ops/random/random_stream.h"
#include "runtime/thread_pool.h"

namespace rill::codegen {
namespace {

constexpr uint64_t kKey[kRandomKeySize] = {12345, 678, 3};

random::PhiloxStream Stream() { return random::PhiloxStream({12345, 678}, 3); }

template <typename T>
bool SameBits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

TEST(LibraryCallsTest, FloatFillsAreTheRandomFillsWithAndWithoutAPool) {
  runtime::ThreadPool pool(2);
  const int64_t n = 20011;  // several shards, not a multiple of 4
  for (int32_t distribution : {0, 1, 2}) {
    std::vector<float> want(n), one(n), two(n);
    std::vector<double> want64(n), got64(n);
    if (distribution == 0) {
      random::FillUniform(Stream(), 0, absl::MakeSpan(want));
      random::FillUniform(Stream(), 0, absl::MakeSpan(want64));
    } else if (distribution == 1) {
      random::FillNormal(Stream(), 0, absl::MakeSpan(want));
      random::FillNormal(Stream(), 0, absl::MakeSpan(want64));
    } else {
      ASSERT_TRUE(random::FillTruncatedNormal(Stream(), 0, absl::MakeSpan(want)).ok());
      ASSERT_TRUE(random::FillTruncatedNormal(Stream(), 0, absl::MakeSpan(want64)).ok());
    }
    EXPECT_EQ(rill_rt_random(distribution, 0, kKey, n, one.data(), nullptr), 0);
    EXPECT_EQ(rill_rt_random(distribution, 0, kKey, n, two.data(), &pool), 0);
    EXPECT_EQ(rill_rt_random(distribution, 1, kKey, n, got64.data(), &pool), 0);
    EXPECT_TRUE(SameBits(one, want)) << distribution;
    EXPECT_TRUE(SameBits(two, want)) << distribution;
    EXPECT_TRUE(SameBits(got64, want64)) << distribution;
  }
}

TEST(LibraryCallsTest, IntFillsAndTheEmptyRange) {
  runtime::ThreadPool pool(2);
  const int64_t n = 9001;
  std::vector<int32_t> want(n), got(n);
  random::FillUniformInt(Stream(), 0, int32_t{-3}, int32_t{17}, absl::MakeSpan(want));
  const int32_t lo = -3, hi = 17;
  int64_t details[kFailureDetailsSize] = {};
  EXPECT_EQ(rill_rt_random_int(0, kKey, n, &lo, &hi, got.data(), details, &pool), 0);
  EXPECT_TRUE(SameBits(got, want));
  std::vector<int64_t> want64(n), got64(n);
  const int64_t lo64 = -(int64_t{1} << 40), hi64 = int64_t{1} << 41;
  random::FillUniformInt(Stream(), 0, lo64, hi64, absl::MakeSpan(want64));
  EXPECT_EQ(rill_rt_random_int(1, kKey, n, &lo64, &hi64, got64.data(), details, nullptr), 0);
  EXPECT_TRUE(SameBits(got64, want64));
  // minval >= maxval: code 1 with the bounds; nothing to draw: fine.
  EXPECT_EQ(rill_rt_random_int(0, kKey, n, &hi, &lo, got.data(), details, nullptr), 1);
  EXPECT_EQ(details[0], 17);
  EXPECT_EQ(details[1], -3);
  EXPECT_EQ(rill_rt_random_int(0, kKey, 0, &hi, &lo, got.data(), details, nullptr), 0);
}

TEST(LibraryCallsTest, SparseXentMatchesADirectComputation) {
  runtime::ThreadPool pool(2);
  const int64_t batch = 3001, classes = 7;
  std::vector<float> f(batch * classes);
  for (size_t i = 0; i < f.size(); ++i) f[i] = std::sin(0.37f * static_cast<float>(i)) * 4;
  std::vector<int32_t> labels(batch);
  for (int64_t b = 0; b < batch; ++b) labels[b] = static_cast<int32_t>(b % classes);
  std::vector<float> loss(batch), bp(batch * classes), loss2(batch), bp2(batch * classes);
  int64_t details[kFailureDetailsSize] = {};
  ASSERT_EQ(rill_rt_sparse_xent(0, 0, batch, classes, f.data(), labels.data(), loss.data(),
                                bp.data(), details, nullptr),
            0);
  ASSERT_EQ(rill_rt_sparse_xent(0, 0, batch, classes, f.data(), labels.data(), loss2.data(),
                                bp2.data(), details, &pool),
            0);
  EXPECT_TRUE(SameBits(loss, loss2));
  EXPECT_TRUE(SameBits(bp, bp2));
  for (int64_t b = 0; b < batch; b += 500) {
    double sum = 0;
    for (int64_t j = 0; j < classes; ++j) sum += std::exp(double{f[b * classes + j]});
    const double p = std::exp(double{f[b * classes + labels[b]]}) / sum;
    EXPECT_NEAR(loss[b], -std::log(p), 1e-5) << b;
    EXPECT_NEAR(bp[b * classes + labels[b]], p - 1, 1e-5) << b;
  }
  // A label out of range: code 1 with (label, index).
  labels[5] = 7;
  EXPECT_EQ(rill_rt_sparse_xent(0, 0, batch, classes, f.data(), labels.data(), loss.data(),
                                bp.data(), details, nullptr),
            1);
  EXPECT_EQ(details[0], 7);
  EXPECT_EQ(details[1], 5);
  std::vector<int64_t> labels64 = {0, -2};
  EXPECT_EQ(rill_rt_sparse_xent(0, 1, 2, classes, f.data(), labels64.data(), loss.data(),
                                bp.data(), details, nullptr),
            1);
  EXPECT_EQ(details[0], -2);
  EXPECT_EQ(details[1], 1);
}

TEST(LibraryCallsTest, EverySymbolIsListed) {
  EXPECT_EQ(LibraryCallSymbols().size(), 3u);
  for (const auto& [name, address] : LibraryCallSymbols()) EXPECT_NE(address, nullptr) << name;
}

}  // namespace
}  // namespace rill::codegen
