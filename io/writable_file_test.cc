#include "io/writable_file.h"

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
  return JoinPath(::testing::TempDir(), absl::StrCat("writable_file_test_", name));
}

std::string Contents(const std::string& path) {
  auto s = ReadFileToString(path, 1 << 30);
  EXPECT_OK(s);
  return s.ok() ? *s : "";
}

TEST(WritableFileTest, AppendsSmallAndLargePieces) {
  const std::string path = TestPath("pieces");
  ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path));
  std::string expected;
  for (int i = 0; i < 50; ++i) {
    // Pieces below, at and above the buffer size.
    const std::string piece(i * 4099 % 200000, static_cast<char>('a' + i % 26));
    ASSERT_OK(file->Append(piece));
    expected += piece;
  }
  EXPECT_EQ(file->size(), static_cast<int64_t>(expected.size()));
  ASSERT_OK(file->Sync());
  ASSERT_OK(file->Close());
  EXPECT_OK(file->Close());  // idempotent
  EXPECT_EQ(Contents(path), expected);
  EXPECT_THAT(file->Append("x"), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
}

TEST(WritableFileTest, FlushMakesBytesVisible) {
  const std::string path = TestPath("flush");
  ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path));
  ASSERT_OK(file->Append("abc"));
  EXPECT_EQ(Contents(path), "");  // still buffered
  ASSERT_OK(file->Flush());
  EXPECT_EQ(Contents(path), "abc");
}

TEST(WritableFileTest, ExclusiveModeRefusesExistingFile) {
  const std::string path = TestPath("exclusive");
  ASSERT_OK(WriteFileAtomically(path, "old"));
  EXPECT_THAT(WritableFile::Create(path, nullptr, WritableFile::Mode::kExclusive),
              StatusCodeIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(Contents(path), "old");
}

TEST(WritableFileTest, MissingDirectoryIsNotFound) {
  EXPECT_THAT(WritableFile::Create(TestPath("no/such/dir/file")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no/such/dir/file")));
}

TEST(WritableFileTest, FaultBudgetCutsTheWriteAtTheExactByte) {
  const std::string path = TestPath("fault");
  FaultBudget budget(100005, FaultBudget::kUnlimited);
  ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path, &budget));
  const std::string data(150000, 'z');
  // The first append is buffered; the fault shows when bytes reach the OS.
  absl::Status s = file->Append(data.substr(0, 1000));
  if (s.ok()) s = file->Append(data.substr(1000));
  if (s.ok()) s = file->Flush();
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("injected")));
  EXPECT_TRUE(budget.fired());
  EXPECT_THAT(file->Append("more"), StatusCodeIs(absl::StatusCode::kUnavailable));  // sticky
  file.reset();
  EXPECT_EQ(Contents(path).size(), 100005u);
}

TEST(WritableFileTest, FaultOnSync) {
  const std::string path = TestPath("fault_sync");
  FaultBudget budget(FaultBudget::kUnlimited, 0);
  ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path, &budget));
  ASSERT_OK(file->Append("abc"));
  EXPECT_THAT(file->Sync(), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("fsync")));
}

}  // namespace
}  // namespace rill::io
