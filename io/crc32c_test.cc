#include "io/crc32c.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace rill::crc32c {
namespace {

// RFC 3720 section B.4 test vectors; each implementation must pass them.
struct Impl {
  const char* name;
  uint32_t (*extend)(uint32_t, const char*, size_t);
};

std::vector<Impl> Implementations() {
  std::vector<Impl> impls = {{"dispatch", &Extend}, {"portable", &internal::ExtendPortable}};
  if (HardwareAccelerated()) impls.push_back({"sse4.2", &internal::ExtendHardware});
  return impls;
}

TEST(Crc32cTest, Rfc3720Vectors) {
  std::string zeros(32, '\0'), ones(32, '\xff'), ascending(32, 0), descending(32, 0);
  for (int i = 0; i < 32; ++i) {
    ascending[i] = static_cast<char>(i);
    descending[i] = static_cast<char>(31 - i);
  }
  const unsigned char iscsi_read[48] = {
      0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
      0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  for (const Impl& impl : Implementations()) {
    SCOPED_TRACE(impl.name);
    EXPECT_EQ(impl.extend(0, zeros.data(), 32), 0x8a9136aau);
    EXPECT_EQ(impl.extend(0, ones.data(), 32), 0x62a8ab43u);
    EXPECT_EQ(impl.extend(0, ascending.data(), 32), 0x46dd794eu);
    EXPECT_EQ(impl.extend(0, descending.data(), 32), 0x113fdb5cu);
    EXPECT_EQ(impl.extend(0, reinterpret_cast<const char*>(iscsi_read), sizeof(iscsi_read)), 0xd9963a56u);
    EXPECT_EQ(impl.extend(0, "", 0), 0u);
  }
}

TEST(Crc32cTest, ValuesDifferForDifferentInputs) {
  EXPECT_NE(Value("a"), Value("foo"));
  EXPECT_NE(Value("foo"), Value("bar"));
}

TEST(Crc32cTest, ExtendStreamsInPieces) {
  EXPECT_EQ(Value("hello world"), Extend(Value("hello "), "world"));
  std::string data(1000, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + 3);
  for (size_t cut : {0, 1, 7, 8, 9, 500, 999, 1000}) {
    SCOPED_TRACE(cut);
    EXPECT_EQ(Value(data), Extend(Value(data.substr(0, cut)), data.substr(cut)));
  }
}

TEST(Crc32cTest, MaskRoundTripsAndChangesValue) {
  const uint32_t crc = Value("foo");
  EXPECT_NE(crc, Mask(crc));
  EXPECT_NE(crc, Mask(Mask(crc)));
  EXPECT_EQ(crc, Unmask(Mask(crc)));
  EXPECT_EQ(crc, Unmask(Unmask(Mask(Mask(crc)))));
  // TFRecord's formula spelled out.
  EXPECT_EQ(Mask(0x12345678u), (((0x12345678u >> 15) | (0x12345678u << 17)) + 0xa282ead8u));
}

// The hardware and table paths must agree on every length and alignment.
TEST(Crc32cTest, HardwareMatchesPortableOnRandomData) {
  if (!HardwareAccelerated()) GTEST_SKIP() << "CPU lacks SSE4.2; only the table path exists here";
  std::mt19937_64 rng(20240601);
  std::vector<char> buf(4096 + 16);
  for (char& c : buf) c = static_cast<char>(rng());
  for (int trial = 0; trial < 3000; ++trial) {
    const size_t offset = rng() % 16;
    const size_t len = trial < 200 ? trial : rng() % 4096;
    const uint32_t seed = (trial % 3 == 0) ? 0u : static_cast<uint32_t>(rng());
    ASSERT_EQ(internal::ExtendHardware(seed, buf.data() + offset, len),
              internal::ExtendPortable(seed, buf.data() + offset, len))
        << "offset " << offset << " len " << len << " seed " << seed;
  }
}

TEST(Crc32cTest, DispatchUsesHardwareWhenAvailable) {
  // Not a tautology: the dispatched result must match the chosen implementation on data where a wrong table
  // or a missing final xor would show.
  const std::string data = "The quick brown fox jumps over the lazy dog";
  EXPECT_EQ(Value(data), 0x22620404u);
  EXPECT_EQ(internal::ExtendPortable(0, data.data(), data.size()), 0x22620404u);
}

}  // namespace
}  // namespace rill::crc32c
