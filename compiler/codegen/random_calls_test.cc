// The random entry points of call_abi.h against random::Fill*: bitwise equal with and without a
// thread pool, and the empty-range failure code with its details.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "absl/types/span.h"
#include "compiler/codegen/call_abi.h"
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

TEST(RandomCallsTest, FloatFillsAreTheRandomFillsWithAndWithoutAPool) {
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

TEST(RandomCallsTest, IntFillsAndTheEmptyRange) {
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

}  // namespace
}  // namespace rill::codegen
