#include "io/table_builder.h"

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

// Trailer spelled out from the format description: type 0, masked CRC32C over contents and type.
std::string Trailer(const std::string& contents) {
  std::string t(1, '\0');
  PutFixed32(&t, crc32c::Mask(crc32c::Value(contents + std::string(1, '\0'))));
  return t;
}

TEST(TableBuilderTest, TinyTableMatchesHandAssembledBytes) {
  const std::string path = JoinPath(::testing::TempDir(), "table_builder_test_tiny");
  ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path));
  TableBuilder builder(file.get());
  ASSERT_OK(builder.Add("", "hdr"));
  ASSERT_OK(builder.Add("a", "1"));
  ASSERT_OK(builder.Finish());
  ASSERT_OK(file->Close());
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFileToString(path, 1 << 20));

  const std::string data = std::string("\x00\x00\x03" "hdr", 6) + std::string("\x00\x01\x01" "a1", 5) +
                           std::string("\0\0\0\0\x01\0\0\0", 8);
  const std::string meta = std::string("\0\0\0\0\x01\0\0\0", 8);
  // Index: separator "b" (short successor of "a") -> handle {0, 19}.
  const std::string index = std::string("\x00\x01\x02" "b" "\x00\x13", 6) + std::string("\0\0\0\0\x01\0\0\0", 8);
  std::string footer = std::string("\x18\x08\x25\x0e", 4) + std::string(36, '\0');
  PutFixed32(&footer, 0x8b80fb57u);
  PutFixed32(&footer, 0xdb477524u);
  const std::string expected = data + Trailer(data) + meta + Trailer(meta) + index + Trailer(index) + footer;
  EXPECT_EQ(bytes, expected);
  EXPECT_EQ(builder.file_size(), expected.size());
  EXPECT_EQ(builder.num_entries(), 2);
}

TEST(TableBuilderTest, RejectsUnsortedAndDuplicateKeys) {
  const std::string path = JoinPath(::testing::TempDir(), "table_builder_test_unsorted");
  ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path));
  TableBuilder builder(file.get());
  ASSERT_OK(builder.Add("b", ""));
  EXPECT_THAT(builder.Add("b", ""), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(builder.Add("a", ""), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK(builder.Add("c", ""));
  ASSERT_OK(builder.Finish());
  EXPECT_THAT(builder.Add("d", ""), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(builder.Finish(), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
}

TEST(TableBuilderTest, Separators) {
  std::string s = "abcd";
  FindShortestSeparator(&s, "abzz");
  EXPECT_EQ(s, "abd");
  s = "abc";
  FindShortestSeparator(&s, "abcde");  // prefix: unchanged
  EXPECT_EQ(s, "abc");
  s = "abc";
  FindShortestSeparator(&s, "abd");  // adjacent bytes: unchanged
  EXPECT_EQ(s, "abc");
  s = std::string("a\xff" "c", 3);
  FindShortestSeparator(&s, "b");  // 'a' + 1 == 'b' is not < 'b'
  EXPECT_EQ(s, std::string("a\xff" "c", 3));
  s = std::string("\xff\xff" "a", 3);
  FindShortSuccessor(&s);
  EXPECT_EQ(s, std::string("\xff\xff" "b", 3));
  s = std::string("\xff\xff", 2);
  FindShortSuccessor(&s);
  EXPECT_EQ(s, std::string("\xff\xff", 2));
  s = "";
  FindShortSuccessor(&s);
  EXPECT_EQ(s, "");
}

TEST(TableBuilderTest, WriteErrorsPropagate) {
  const std::string path = JoinPath(::testing::TempDir(), "table_builder_test_fault");
  FaultBudget budget(10, FaultBudget::kUnlimited);
  ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path, &budget));
  TableBuilder builder(file.get(), {.block_size = 64});
  absl::Status s;
  for (int i = 0; i < 1000 && s.ok(); ++i) s = builder.Add("key" + std::to_string(1000 + i), "value");
  if (s.ok()) s = builder.Finish();
  if (s.ok()) s = file->Close();
  EXPECT_THAT(s, StatusCodeIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace rill::io
