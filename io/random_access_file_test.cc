#include "io/random_access_file.h"

#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/file_system.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

std::string TestPath(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("random_access_file_test_", name));
}

TEST(RandomAccessFileTest, ReadsRanges) {
  const std::string path = TestPath("ranges");
  ASSERT_OK(WriteFileAtomically(path, "0123456789"));
  ASSERT_OK_AND_ASSIGN(auto file, RandomAccessFile::Open(path));
  EXPECT_EQ(file->size(), 10);
  std::string out;
  ASSERT_OK(file->Read(2, 3, &out));
  EXPECT_EQ(out, "234");
  ASSERT_OK(file->Read(10, 0, &out));
  EXPECT_EQ(out, "");
  char buf[4];
  ASSERT_OK(file->ReadInto(6, 4, buf));
  EXPECT_EQ(std::string(buf, 4), "6789");
}

TEST(RandomAccessFileTest, ReadPastEndIsDataLossWithoutAllocating) {
  const std::string path = TestPath("past_end");
  ASSERT_OK(WriteFileAtomically(path, "0123456789"));
  ASSERT_OK_AND_ASSIGN(auto file, RandomAccessFile::Open(path));
  std::string out;
  EXPECT_THAT(file->Read(8, 3, &out), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("offset 8")));
  // A length like a corrupt header might hold: rejected before any allocation.
  EXPECT_THAT(file->Read(0, int64_t{1} << 60, &out), StatusCodeIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(file->Read(int64_t{1} << 62, 1, &out), StatusCodeIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(file->Read(-1, 1, &out), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(file->Read(0, -1, &out), StatusCodeIs(absl::StatusCode::kInvalidArgument));
}

TEST(RandomAccessFileTest, RefreshSizeSeesAppends) {
  const std::string path = TestPath("grow");
  ASSERT_OK(WriteFileAtomically(path, "abc"));
  ASSERT_OK_AND_ASSIGN(auto file, RandomAccessFile::Open(path));
  FILE* f = std::fopen(path.c_str(), "a");
  ASSERT_NE(f, nullptr);
  std::fputs("def", f);
  std::fclose(f);
  std::string out;
  EXPECT_FALSE(file->Read(0, 6, &out).ok());
  ASSERT_OK_AND_ASSIGN(int64_t size, file->RefreshSize());
  EXPECT_EQ(size, 6);
  ASSERT_OK(file->Read(0, 6, &out));
  EXPECT_EQ(out, "abcdef");
}

TEST(RandomAccessFileTest, OpenErrors) {
  EXPECT_THAT(RandomAccessFile::Open(TestPath("missing")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("missing")));
  EXPECT_THAT(RandomAccessFile::Open(::testing::TempDir()),
              StatusCodeIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace rill::io
