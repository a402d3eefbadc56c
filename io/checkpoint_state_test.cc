#include "io/checkpoint_state.h"

#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/file_system.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::string TestDir(const std::string& name) {
  const std::string dir = JoinPath(::testing::TempDir(), absl::StrCat("checkpoint_state_test_", name));
  EXPECT_OK(CreateDirRecursively(dir));
  return dir;
}

TEST(CheckpointStateTest, TextFormatAsTensorFlowWritesIt) {
  CheckpointState s;
  s.set_model_checkpoint_path("model.ckpt-20");
  s.add_all_model_checkpoint_paths("model.ckpt-10");
  s.add_all_model_checkpoint_paths("model.ckpt-20");
  EXPECT_EQ(CheckpointStateToText(s),
            "model_checkpoint_path: \"model.ckpt-20\"\n"
            "all_model_checkpoint_paths: \"model.ckpt-10\"\n"
            "all_model_checkpoint_paths: \"model.ckpt-20\"\n");
}

TEST(CheckpointStateTest, ParsesTensorFlowsOutput) {
  // As TF 2's CheckpointManager writes it (Python text_format).
  const std::string text =
      "model_checkpoint_path: \"ckpt-3\"\n"
      "all_model_checkpoint_paths: \"ckpt-2\"\n"
      "all_model_checkpoint_paths: \"ckpt-3\"\n"
      "all_model_checkpoint_timestamps: 1700000000.5\n"
      "all_model_checkpoint_timestamps: 1700000060.25\n"
      "last_preserved_timestamp: 1699999990.125\n";
  ASSERT_OK_AND_ASSIGN(CheckpointState s, ParseCheckpointState(text, "checkpoint"));
  EXPECT_EQ(s.model_checkpoint_path(), "ckpt-3");
  ASSERT_EQ(s.all_model_checkpoint_paths_size(), 2);
  EXPECT_EQ(s.all_model_checkpoint_timestamps(1), 1700000060.25);
  EXPECT_EQ(s.last_preserved_timestamp(), 1699999990.125);
}

TEST(CheckpointStateTest, SyntaxErrorsNameFileLineAndColumn) {
  EXPECT_THAT(ParseCheckpointState("model_checkpoint_path: \"a\"\nbogus_field: 1\n", "/d/checkpoint"),
              StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("/d/checkpoint"), HasSubstr("2:"))));
}

TEST(CheckpointStateTest, WriteReadAndLatest) {
  const std::string dir = TestDir("latest");
  EXPECT_THAT(LatestCheckpoint(dir), StatusCodeIs(absl::StatusCode::kNotFound));
  CheckpointState s;
  s.set_model_checkpoint_path("model.ckpt-5");
  s.add_all_model_checkpoint_paths("model.ckpt-5");
  ASSERT_OK(WriteCheckpointState(dir, s));
  ASSERT_OK_AND_ASSIGN(CheckpointState back, ReadCheckpointState(dir));
  EXPECT_EQ(back.model_checkpoint_path(), "model.ckpt-5");
  // The index file must exist for the checkpoint to count.
  EXPECT_THAT(LatestCheckpoint(dir), StatusIs(absl::StatusCode::kNotFound, HasSubstr("no index file")));
  ASSERT_OK(WriteFileAtomically(JoinPath(dir, "model.ckpt-5.index"), "x"));
  ASSERT_OK_AND_ASSIGN(std::string latest, LatestCheckpoint(dir));
  EXPECT_EQ(latest, JoinPath(dir, "model.ckpt-5"));
}

TEST(CheckpointStateTest, AbsolutePathsAreKept) {
  EXPECT_EQ(ResolveCheckpointPath("/a/b", "/c/model.ckpt-1"), "/c/model.ckpt-1");
  EXPECT_EQ(ResolveCheckpointPath("/a/b", "model.ckpt-1"), "/a/b/model.ckpt-1");
}

TEST(CheckpointStateTest, EmptyStateNamesNoCheckpoint) {
  const std::string dir = TestDir("empty");
  ASSERT_OK(WriteCheckpointState(dir, CheckpointState()));
  EXPECT_THAT(LatestCheckpoint(dir), StatusIs(absl::StatusCode::kNotFound, HasSubstr("names no checkpoint")));
}

}  // namespace
}  // namespace rill::io
