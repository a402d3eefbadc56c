#include "io/file_system.h"

#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string TestDir(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("file_system_test_", name));
}

TEST(PathTest, JoinDirnameBasename) {
  EXPECT_EQ(JoinPath("a", "b"), "a/b");
  EXPECT_EQ(JoinPath("a/", "b"), "a/b");
  EXPECT_EQ(JoinPath("", "b"), "b");
  EXPECT_EQ(JoinPath("a", "/b"), "/b");
  EXPECT_EQ(JoinPath("a", ""), "a");
  EXPECT_EQ(Dirname("a/b/c"), "a/b");
  EXPECT_EQ(Dirname("c"), ".");
  EXPECT_EQ(Dirname("/c"), "/");
  EXPECT_EQ(Basename("a/b/c"), "c");
  EXPECT_EQ(Basename("c"), "c");
  EXPECT_TRUE(IsAbsolutePath("/x"));
  EXPECT_FALSE(IsAbsolutePath("x"));
}

TEST(FileSystemTest, CreateDirRecursivelyAndList) {
  const std::string dir = JoinPath(TestDir("mk"), "x/y/z");
  ASSERT_OK(CreateDirRecursively(dir));
  ASSERT_OK(CreateDirRecursively(dir));  // existing is fine
  ASSERT_OK(WriteFileAtomically(JoinPath(dir, "b"), "2"));
  ASSERT_OK(WriteFileAtomically(JoinPath(dir, "a"), "1"));
  ASSERT_OK_AND_ASSIGN(auto names, ListDir(dir));
  EXPECT_THAT(names, ElementsAre("a", "b"));  // sorted, no temp files left
  EXPECT_THAT(CreateDirRecursively(JoinPath(dir, "a")),
              StatusCodeIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(ListDir(JoinPath(dir, "nope")), StatusCodeIs(absl::StatusCode::kNotFound));
}

TEST(FileSystemTest, SizeRenameDelete) {
  const std::string dir = TestDir("srd");
  ASSERT_OK(CreateDirRecursively(dir));
  const std::string a = JoinPath(dir, "a"), b = JoinPath(dir, "b");
  ASSERT_OK(WriteFileAtomically(a, "hello"));
  ASSERT_OK_AND_ASSIGN(int64_t size, GetFileSize(a));
  EXPECT_EQ(size, 5);
  ASSERT_OK(RenameFile(a, b));
  EXPECT_FALSE(FileExists(a));
  EXPECT_TRUE(FileExists(b));
  ASSERT_OK(DeleteFile(b));
  EXPECT_THAT(DeleteFile(b), StatusIs(absl::StatusCode::kNotFound, HasSubstr("'" + b + "'")));
  EXPECT_THAT(GetFileSize(b), StatusCodeIs(absl::StatusCode::kNotFound));
  EXPECT_OK(SyncDir(dir));
}

TEST(FileSystemTest, ReadFileToStringRespectsLimit) {
  const std::string dir = TestDir("read");
  ASSERT_OK(CreateDirRecursively(dir));
  const std::string path = JoinPath(dir, "f");
  ASSERT_OK(WriteFileAtomically(path, std::string(1000, 'q')));
  ASSERT_OK_AND_ASSIGN(std::string s, ReadFileToString(path, 1000));
  EXPECT_EQ(s, std::string(1000, 'q'));
  EXPECT_THAT(ReadFileToString(path, 999), StatusCodeIs(absl::StatusCode::kResourceExhausted));
}

TEST(FileSystemTest, TempFilenamesAreDistinct) {
  const std::string a = TempFilename("x/y"), b = TempFilename("x/y");
  EXPECT_NE(a, b);
  EXPECT_THAT(a, StartsWith("x/y.tempstate"));
  EXPECT_TRUE(IsTempFilename(Basename(a)));
  EXPECT_FALSE(IsTempFilename("model.ckpt-1.index"));
}

TEST(FileSystemTest, ForkedChildrenDoNotRepeatTheParentsTempNames) {
  // Both processes draw from the same inherited generator state; the names must still differ.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string name = TempFilename("x/y");
    const ssize_t n = ::write(fds[1], name.data(), name.size());
    ::_exit(n == static_cast<ssize_t>(name.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  const std::string mine = TempFilename("x/y");
  char buf[256];
  const ssize_t n = ::read(fds[0], buf, sizeof(buf));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_GT(n, 0);
  EXPECT_NE(std::string(buf, n), mine);
}

TEST(FileSystemTest, AtomicWriteKeepsOldContentsWhenInterrupted) {
  const std::string dir = TestDir("atomic");
  ASSERT_OK(CreateDirRecursively(dir));
  const std::string path = JoinPath(dir, "state");
  ASSERT_OK(WriteFileAtomically(path, "old contents"));
  for (int64_t bytes : {0, 3, 11}) {
    FaultBudget budget(bytes, FaultBudget::kUnlimited);
    EXPECT_THAT(WriteFileAtomically(path, "new contents!", &budget),
                StatusCodeIs(absl::StatusCode::kUnavailable));
    ASSERT_OK_AND_ASSIGN(std::string s, ReadFileToString(path, 100));
    EXPECT_EQ(s, "old contents");
  }
  // Interrupted at the rename (after write and fsync: operation 1 is the fsync).
  FaultBudget at_rename(FaultBudget::kUnlimited, 1);
  EXPECT_THAT(WriteFileAtomically(path, "new contents!", &at_rename),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("rename")));
  ASSERT_OK_AND_ASSIGN(std::string s, ReadFileToString(path, 100));
  EXPECT_EQ(s, "old contents");
  // No temporary files are left behind by failed attempts.
  ASSERT_OK_AND_ASSIGN(auto names, ListDir(dir));
  EXPECT_THAT(names, ElementsAre("state"));
  ASSERT_OK(WriteFileAtomically(path, "new contents!"));
  ASSERT_OK_AND_ASSIGN(s, ReadFileToString(path, 100));
  EXPECT_EQ(s, "new contents!");
}

}  // namespace
}  // namespace rill::io
