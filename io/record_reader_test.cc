#include "io/record_reader.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/coding.h"
#include "io/crc32c.h"
#include "io/file_system.h"
#include "io/testing/test_files.h"
#include "io/record_writer.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestPath(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("record_reader_test_", name));
}

std::string WriteBytes(const std::string& name, const std::string& bytes) {
  const std::string path = TestPath(name);
  EXPECT_OK(testing::WriteTestFile(path, bytes));
  return path;
}

// Reads records until the reader stops; returns them and the final status.
absl::Status ReadAll(RecordReader* reader, std::vector<std::string>* out) {
  while (true) {
    std::string rec;
    absl::Status s = reader->ReadRecord(&rec);
    if (!s.ok()) return s;
    out->push_back(rec);
  }
}

TEST(RecordReaderTest, ReadsWhatTheWriterWrote) {
  const std::string path = TestPath("roundtrip");
  ASSERT_OK_AND_ASSIGN(auto writer, RecordWriter::Create(path));
  const std::vector<std::string> records = {"first", "", std::string(300000, 'x'), "last"};
  for (const auto& r : records) ASSERT_OK(writer->WriteRecord(r));
  ASSERT_OK(writer->Close());
  ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path));
  std::vector<std::string> got;
  EXPECT_THAT(ReadAll(reader.get(), &got), StatusCodeIs(absl::StatusCode::kOutOfRange));
  EXPECT_EQ(got, records);
  EXPECT_EQ(reader->last_record_offset(), static_cast<int64_t>(3 * 16 + 5 + 300000));
}

TEST(RecordReaderTest, CorruptDataStopsWithFileAndOffset) {
  std::string bytes = EncodeRecord("aaaa") + EncodeRecord("bbbb") + EncodeRecord("cccc");
  bytes[20 + 12 + 1] ^= 0x01;  // inside "bbbb"
  const std::string path = WriteBytes("corrupt_stop", bytes);
  ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path));
  std::vector<std::string> got;
  EXPECT_THAT(ReadAll(reader.get(), &got),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(path), HasSubstr("offset 20"), HasSubstr("data checksum"))));
  EXPECT_THAT(got, ElementsAre("aaaa"));
  std::string rec;
  EXPECT_THAT(reader->ReadRecord(&rec), StatusCodeIs(absl::StatusCode::kDataLoss));  // sticky
}

TEST(RecordReaderTest, CorruptDataIsSkippedWhenAsked) {
  std::string bytes = EncodeRecord("aaaa") + EncodeRecord("bbbb") + EncodeRecord("cccc");
  bytes[20 + 12 + 1] ^= 0x01;
  const std::string path = WriteBytes("corrupt_skip", bytes);
  ASSERT_OK_AND_ASSIGN(auto reader,
                       RecordReader::Open(path, {.on_corruption = OnCorruption::kSkip}));
  std::vector<std::string> got;
  EXPECT_THAT(ReadAll(reader.get(), &got), StatusCodeIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(got, ElementsAre("aaaa", "cccc"));
  ASSERT_EQ(reader->corrupt_regions().size(), 1u);
  EXPECT_EQ(reader->corrupt_regions()[0].offset, 20);
  EXPECT_EQ(reader->corrupt_regions()[0].length, 20);
  EXPECT_THAT(reader->corrupt_regions()[0].message, HasSubstr("offset 20"));
}

TEST(RecordReaderTest, CorruptLengthResyncsOnNextRecord) {
  std::string bytes = EncodeRecord("aaaa") + EncodeRecord("bbbb") + EncodeRecord("cccc");
  bytes[20 + 7] = '\x10';  // length's high byte: 2^60-ish length, must not be allocated
  const std::string path = WriteBytes("corrupt_length", bytes);
  {
    ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path));
    std::vector<std::string> got;
    EXPECT_THAT(ReadAll(reader.get(), &got),
                StatusIs(absl::StatusCode::kDataLoss, HasSubstr("length checksum")));
  }
  ASSERT_OK_AND_ASSIGN(auto reader,
                       RecordReader::Open(path, {.on_corruption = OnCorruption::kSkip}));
  std::vector<std::string> got;
  EXPECT_THAT(ReadAll(reader.get(), &got), StatusCodeIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(got, ElementsAre("aaaa", "cccc"));
}

TEST(RecordReaderTest, HugeLengthWithValidChecksumIsTruncationNotAllocation) {
  // A header that claims 2^60 bytes with a correct length CRC.
  std::string header;
  PutFixed64(&header, uint64_t{1} << 60);
  PutFixed32(&header, crc32c::Mask(crc32c::Value(header)));
  const std::string path = WriteBytes("huge", EncodeRecord("ok") + header + "tail");
  ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path, {.max_record_bytes = int64_t{1} << 62}));
  std::vector<std::string> got;
  EXPECT_THAT(ReadAll(reader.get(), &got),
              StatusIs(absl::StatusCode::kDataLoss, AllOf(HasSubstr("truncated"), HasSubstr("offset 18"))));
  EXPECT_THAT(got, ElementsAre("ok"));
  // With the default limit the length itself is rejected.
  ASSERT_OK_AND_ASSIGN(auto limited, RecordReader::Open(path));
  got.clear();
  EXPECT_THAT(ReadAll(limited.get(), &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("exceeds the limit")));
}

TEST(RecordReaderTest, TruncatedTail) {
  const std::string full = EncodeRecord("aaaa") + EncodeRecord("bbbbbbbb");
  for (size_t cut = 21; cut < full.size(); ++cut) {
    SCOPED_TRACE(cut);
    const std::string path = WriteBytes("trunc", full.substr(0, cut));
    {
      ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path));
      std::vector<std::string> got;
      EXPECT_THAT(ReadAll(reader.get(), &got),
                  StatusIs(absl::StatusCode::kDataLoss, AllOf(HasSubstr("truncated"), HasSubstr("offset 20"))));
      EXPECT_THAT(got, ElementsAre("aaaa"));
    }
    ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path, {.on_corruption = OnCorruption::kSkip}));
    std::vector<std::string> got;
    EXPECT_THAT(ReadAll(reader.get(), &got), StatusCodeIs(absl::StatusCode::kOutOfRange));
    EXPECT_THAT(got, ElementsAre("aaaa"));
    ASSERT_EQ(reader->corrupt_regions().size(), 1u);
    EXPECT_EQ(reader->corrupt_regions()[0].offset, 20);
  }
}

TEST(RecordReaderTest, TruncationIsNotStickySoAGrowingFileCanBeTailed) {
  const std::string path = TestPath("tail");
  const std::string rec = EncodeRecord("growing");
  ASSERT_OK(WriteFileAtomically(path, rec.substr(0, 10)));
  ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path));
  std::string got;
  EXPECT_THAT(reader->ReadRecord(&got), StatusCodeIs(absl::StatusCode::kDataLoss));
  FILE* f = std::fopen(path.c_str(), "a");
  ASSERT_NE(f, nullptr);
  std::fwrite(rec.data() + 10, 1, rec.size() - 10, f);
  std::fclose(f);
  ASSERT_OK(reader->ReadRecord(&got));
  EXPECT_EQ(got, "growing");
}

TEST(RecordReaderTest, EveryByteFlipIsDetected) {
  const std::string good = EncodeRecord("alpha") + EncodeRecord("beta") + EncodeRecord("gamma");
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] ^= 0x20;
    const std::string path = WriteBytes("flip", bad);
    ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path));
    std::vector<std::string> got;
    const absl::Status s = ReadAll(reader.get(), &got);
    EXPECT_THAT(s, StatusCodeIs(absl::StatusCode::kDataLoss)) << "flip at " << i;
    // Skip mode keeps every undamaged record.
    ASSERT_OK_AND_ASSIGN(auto skipper, RecordReader::Open(path, {.on_corruption = OnCorruption::kSkip}));
    got.clear();
    EXPECT_THAT(ReadAll(skipper.get(), &got), StatusCodeIs(absl::StatusCode::kOutOfRange));
    EXPECT_EQ(got.size(), 2u) << "flip at " << i;
  }
}

TEST(RecordReaderTest, EmptyFileIsAtEnd) {
  const std::string path = WriteBytes("empty", "");
  ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path));
  std::string rec;
  EXPECT_THAT(reader->ReadRecord(&rec), StatusCodeIs(absl::StatusCode::kOutOfRange));
}

}  // namespace
}  // namespace rill::io
