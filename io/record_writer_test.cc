#include "io/record_writer.h"

#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/coding.h"
#include "io/crc32c.h"
#include "io/file_system.h"

namespace rill::io {
namespace {

std::string TestPath(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("record_writer_test_", name));
}

// The layout, computed independently of EncodeRecord's helpers.
TEST(RecordWriterTest, FramingMatchesTheTfRecordLayout) {
  const std::string data = "hello";
  const std::string rec = EncodeRecord(data);
  ASSERT_EQ(rec.size(), 8u + 4u + 5u + 4u);
  EXPECT_EQ(rec.substr(0, 8), std::string("\x05\0\0\0\0\0\0\0", 8));
  const uint32_t len_crc = crc32c::Value(rec.data(), 8);
  EXPECT_EQ(DecodeFixed32(rec.data() + 8), ((len_crc >> 15) | (len_crc << 17)) + 0xa282ead8u);
  EXPECT_EQ(rec.substr(12, 5), "hello");
  const uint32_t data_crc = crc32c::Value("hello");
  EXPECT_EQ(DecodeFixed32(rec.data() + 17), ((data_crc >> 15) | (data_crc << 17)) + 0xa282ead8u);
}

// An empty record is legal: 16 bytes of framing.
TEST(RecordWriterTest, EmptyRecord) {
  const std::string rec = EncodeRecord("");
  ASSERT_EQ(rec.size(), 16u);
  EXPECT_EQ(DecodeFixed64(rec.data()), 0u);
  // Masked CRC of zero data bytes: Mask(0) == 0xa282ead8.
  EXPECT_EQ(DecodeFixed32(rec.data() + 12), 0xa282ead8u);
}

TEST(RecordWriterTest, WritesRecordsToAFile) {
  const std::string path = TestPath("file");
  ASSERT_OK_AND_ASSIGN(auto writer, RecordWriter::Create(path));
  ASSERT_OK(writer->WriteRecord("a"));
  ASSERT_OK(writer->WriteRecord(""));
  ASSERT_OK(writer->WriteRecord(std::string(100000, 'b')));
  ASSERT_OK(writer->Close());
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFileToString(path, 1 << 20));
  EXPECT_EQ(bytes, EncodeRecord("a") + EncodeRecord("") + EncodeRecord(std::string(100000, 'b')));
  EXPECT_EQ(writer->size(), static_cast<int64_t>(bytes.size()));
}

}  // namespace
}  // namespace rill::io
