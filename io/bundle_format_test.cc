#include "io/bundle_format.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/coding.h"
#include "io/crc32c.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(BundleFormatTest, Filenames) {
  EXPECT_EQ(MetaFilename("/d/model.ckpt-7"), "/d/model.ckpt-7.index");
  EXPECT_EQ(DataFilename("/d/model.ckpt-7", 0, 1), "/d/model.ckpt-7.data-00000-of-00001");
  EXPECT_EQ(DataFilename("p", 12, 345), "p.data-00012-of-00345");
}

TEST(BundleFormatTest, HeaderSerialisesAsTensorFlowDoes) {
  // num_shards 1; endianness LITTLE (0) is the proto3 default and so absent; version {producer: 1}.
  EXPECT_EQ(MakeBundleHeader(1).SerializeAsString(), std::string("\x08\x01\x1a\x02\x08\x01", 6));
  EXPECT_OK(CheckBundleHeader(MakeBundleHeader(1)));
}

TEST(BundleFormatTest, HeaderChecks) {
  BundleHeaderProto h = MakeBundleHeader(1);
  h.set_endianness(BundleHeaderProto::BIG);
  EXPECT_THAT(CheckBundleHeader(h), StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("big-endian")));
  h = MakeBundleHeader(0);
  EXPECT_THAT(CheckBundleHeader(h), StatusCodeIs(absl::StatusCode::kDataLoss));
  h = MakeBundleHeader(1);
  h.mutable_version()->set_min_consumer(2);
  EXPECT_THAT(CheckBundleHeader(h), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("newer")));
  h = MakeBundleHeader(1);
  h.mutable_version()->add_bad_consumers(1);
  EXPECT_THAT(CheckBundleHeader(h), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
  h = MakeBundleHeader(1);
  h.mutable_version()->set_producer(-1);
  EXPECT_THAT(CheckBundleHeader(h), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
}

// The string layout computed by hand from TF's description: lengths as varints, the CRC of the lengths
// taken over their uint32 little-endian forms, masked; the entry CRC continues over the stored checksum
// and the bytes.
TEST(BundleFormatTest, StringTensorPrefixMatchesHandComputation) {
  const std::vector<std::string> values = {"ab", "", std::string(200, 'z')};
  uint32_t crc = 0;
  const std::string prefix = EncodeStringTensorPrefix(values, &crc);
  const std::string lens_as_u32 = std::string("\x02\0\0\0", 4) + std::string(4, '\0') + std::string("\xc8\0\0\0", 4);
  const uint32_t length_crc = crc32c::Value(lens_as_u32);
  std::string expected("\x02\x00\xc8\x01", 4);
  PutFixed32(&expected, crc32c::Mask(length_crc));
  EXPECT_EQ(prefix, expected);
  EXPECT_EQ(crc, crc32c::Value(lens_as_u32 + expected.substr(4)));
}

TEST(BundleFormatTest, StringTensorRoundTrip) {
  const std::vector<std::string> values = {"hello", "", "world!", std::string(1000, '\x01')};
  uint32_t crc;
  std::string bytes = EncodeStringTensorPrefix(values, &crc);
  for (const auto& v : values) {
    bytes += v;
    crc = crc32c::Extend(crc, v);
  }
  std::vector<std::string> out(values.size());
  uint32_t got_crc;
  ASSERT_OK(DecodeStringTensor(bytes, values.size(), out.data(), &got_crc));
  EXPECT_EQ(out, values);
  EXPECT_EQ(got_crc, crc);
}

TEST(BundleFormatTest, StringTensorDamageIsDataLoss) {
  const std::vector<std::string> values = {"abc", "de"};
  uint32_t crc;
  const std::string good = EncodeStringTensorPrefix(values, &crc) + "abcde";
  std::vector<std::string> out(2);
  uint32_t got;
  EXPECT_THAT(DecodeStringTensor(good.substr(0, good.size() - 1), 2, out.data(), &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("add up")));
  EXPECT_THAT(DecodeStringTensor(good + "x", 2, out.data(), &got), StatusCodeIs(absl::StatusCode::kDataLoss));
  std::string bad_len = good;
  bad_len[0] = 0x04;
  EXPECT_THAT(DecodeStringTensor(bad_len, 2, out.data(), &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("checksum")));
  // More elements than bytes: rejected before decoding.
  std::vector<std::string> many(100);
  EXPECT_THAT(DecodeStringTensor(good, 100, many.data(), &got), StatusCodeIs(absl::StatusCode::kDataLoss));
  // A length of 2^62: never allocated.
  std::string huge;
  PutVarint64(&huge, uint64_t{1} << 62);
  huge += "\0\0\0\0";
  std::vector<std::string> one(1);
  EXPECT_THAT(DecodeStringTensor(huge, 1, one.data(), &got), StatusCodeIs(absl::StatusCode::kDataLoss));
  // Every single-byte flip is caught (by the length checksum or the entry CRC the caller compares).
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] ^= 0x10;
    const absl::Status s = DecodeStringTensor(bad, 2, out.data(), &got);
    EXPECT_TRUE(!s.ok() || got != crc) << "flip at " << i;
  }
}

}  // namespace
}  // namespace rill::io
