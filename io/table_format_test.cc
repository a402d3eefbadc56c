#include "io/table_format.h"

#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/coding.h"
#include "io/crc32c.h"
#include "io/file_system.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(TableFormatTest, FooterLayout) {
  const std::string f = EncodeFooter({{100, 8}, {113, 300}});
  ASSERT_EQ(f.size(), 48u);
  // Handles as varints: 100, 8, 113, 300 (0xac 0x02), then zeros up to byte 40.
  EXPECT_EQ(f.substr(0, 6), std::string("\x64\x08\x71\xac\x02", 5) + std::string(1, '\0'));
  EXPECT_EQ(f.substr(5, 35), std::string(35, '\0'));
  // Magic 0xdb4775248b80fb57, low word first.
  EXPECT_EQ(f.substr(40), std::string("\x57\xfb\x80\x8b\x24\x75\x47\xdb", 8));
  ASSERT_OK_AND_ASSIGN(Footer back, DecodeFooter(f));
  EXPECT_EQ(back.metaindex, (BlockHandle{100, 8}));
  EXPECT_EQ(back.index, (BlockHandle{113, 300}));
}

TEST(TableFormatTest, FooterRejectsDamage) {
  const std::string good = EncodeFooter({{1, 2}, {3, 4}});
  std::string bad_magic = good;
  bad_magic[47] ^= 1;
  EXPECT_THAT(DecodeFooter(bad_magic), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("magic")));
  std::string bad_padding = good;
  bad_padding[30] = 1;
  EXPECT_THAT(DecodeFooter(bad_padding), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("padding")));
  std::string bad_handle = good;
  for (int i = 0; i < 40; ++i) bad_handle[i] = '\xff';  // varints that never end
  EXPECT_THAT(DecodeFooter(bad_handle), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("handle")));
  EXPECT_THAT(DecodeFooter(good.substr(1)), StatusCodeIs(absl::StatusCode::kDataLoss));
}

TEST(TableFormatTest, TrailerIsTypeAndMaskedCrcOfContentsAndType) {
  const std::string t = BlockTrailer("abc");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0], '\0');
  EXPECT_EQ(DecodeFixed32(t.data() + 1), crc32c::Mask(crc32c::Value(std::string("abc\0", 4))));
}

TEST(TableFormatTest, ReadBlockChecksBoundsCrcAndType) {
  const std::string path = JoinPath(::testing::TempDir(), "table_format_test_block");
  const std::string block = "contents!";
  std::string file = "xx" + block + BlockTrailer(block);
  ASSERT_OK(WriteFileAtomically(path, file));
  ASSERT_OK_AND_ASSIGN(auto f, RandomAccessFile::Open(path));
  std::string got;
  ASSERT_OK(ReadBlock(*f, {2, block.size()}, &got));
  EXPECT_EQ(got, block);
  EXPECT_THAT(ReadBlock(*f, {3, block.size()}, &got),
              StatusIs(absl::StatusCode::kDataLoss, AllOf(HasSubstr(path), HasSubstr("offset 3"))));
  EXPECT_THAT(ReadBlock(*f, {2, uint64_t{1} << 62}, &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("outside the file")));
  EXPECT_THAT(ReadBlock(*f, {~uint64_t{0} - 2, 4}, &got), StatusCodeIs(absl::StatusCode::kDataLoss));
  // A snappy block (valid CRC) is reported as unsupported rather than misread.
  std::string snappy = block + '\x01';
  std::string trailer = "\x01";
  PutFixed32(&trailer, crc32c::Mask(crc32c::Value(snappy)));
  ASSERT_OK(WriteFileAtomically(path, block + trailer));
  ASSERT_OK_AND_ASSIGN(auto g, RandomAccessFile::Open(path));
  EXPECT_THAT(ReadBlock(*g, {0, block.size()}, &got),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("snappy")));
}

}  // namespace
}  // namespace rill::io
