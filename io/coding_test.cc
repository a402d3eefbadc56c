#include "io/coding.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace rill::io {
namespace {

TEST(CodingTest, Fixed32IsLittleEndian) {
  std::string s;
  PutFixed32(&s, 0x04030201u);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(DecodeFixed32(s.data()), 0x04030201u);
}

TEST(CodingTest, Fixed64IsLittleEndian) {
  std::string s;
  PutFixed64(&s, 0x0807060504030201ull);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(DecodeFixed64(s.data()), 0x0807060504030201ull);
}

TEST(CodingTest, VarintKnownEncodings) {
  std::string s;
  PutVarint64(&s, 0);
  PutVarint64(&s, 127);
  PutVarint64(&s, 128);
  PutVarint64(&s, 300);
  EXPECT_EQ(s, std::string("\x00\x7f\x80\x01\xac\x02", 6));
}

TEST(CodingTest, Varint64RoundTrip) {
  std::vector<uint64_t> values = {0, 1, 127, 128, 16383, 16384, std::numeric_limits<uint32_t>::max(),
                                  uint64_t{1} << 35, std::numeric_limits<uint64_t>::max()};
  for (int shift = 0; shift < 64; ++shift) values.push_back((uint64_t{1} << shift) - 1);
  std::string s;
  for (uint64_t v : values) PutVarint64(&s, v);
  absl::string_view in = s;
  for (uint64_t v : values) {
    uint64_t got = 0;
    const size_t before = in.size();
    ASSERT_TRUE(GetVarint64(&in, &got));
    EXPECT_EQ(got, v);
    EXPECT_EQ(static_cast<int>(before - in.size()), VarintLength(v));
  }
  EXPECT_TRUE(in.empty());
}

TEST(CodingTest, Varint32RoundTripAndRange) {
  std::string s;
  PutVarint32(&s, std::numeric_limits<uint32_t>::max());
  EXPECT_EQ(s.size(), 5u);
  absl::string_view in = s;
  uint32_t v = 0;
  ASSERT_TRUE(GetVarint32(&in, &v));
  EXPECT_EQ(v, std::numeric_limits<uint32_t>::max());
  // 2^32 does not fit in 32 bits.
  std::string big;
  PutVarint64(&big, uint64_t{1} << 32);
  absl::string_view big_in = big;
  EXPECT_FALSE(GetVarint32(&big_in, &v));
  EXPECT_EQ(big_in.size(), big.size());  // input untouched on failure
}

TEST(CodingTest, TruncatedVarintFails) {
  std::string s;
  PutVarint64(&s, uint64_t{1} << 40);
  for (size_t len = 0; len < s.size(); ++len) {
    absl::string_view in(s.data(), len);
    uint64_t v;
    EXPECT_FALSE(GetVarint64(&in, &v)) << len;
  }
}

TEST(CodingTest, OverlongVarintFails) {
  // Eleven continuation bytes: longer than any uint64 varint.
  std::string s(11, '\x80');
  absl::string_view in = s;
  uint64_t v;
  EXPECT_FALSE(GetVarint64(&in, &v));
  // Ten bytes whose last carries more than the one remaining bit.
  std::string t(9, '\xff');
  t.push_back('\x02');
  absl::string_view tin = t;
  EXPECT_FALSE(GetVarint64(&tin, &v));
}

TEST(CodingTest, GetFixedChecksLength) {
  std::string s("\x01\x02\x03", 3);
  absl::string_view in = s;
  uint32_t v32;
  EXPECT_FALSE(GetFixed32(&in, &v32));
  s.push_back('\x04');
  in = s;
  ASSERT_TRUE(GetFixed32(&in, &v32));
  EXPECT_EQ(v32, 0x04030201u);
  EXPECT_TRUE(in.empty());
  uint64_t v64;
  EXPECT_FALSE(GetFixed64(&in, &v64));
}

}  // namespace
}  // namespace rill::io
