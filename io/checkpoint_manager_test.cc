#include "io/checkpoint_manager.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_reader.h"
#include "io/checkpoint_state.h"
#include "io/file_system.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestDir(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("checkpoint_manager_test_", name));
}

std::map<std::string, Tensor> TensorsFor(int64_t step) {
  auto w = Tensor::FromVector<float>({1.0f * step, 2.0f, 3.0f}, TensorShape({3}));
  EXPECT_OK(w);
  return {{"global_step", Tensor::Scalar<int64_t>(step)}, {"dense/kernel", *w}};
}

CheckpointManagerOptions FixedClock(int max_to_keep) {
  CheckpointManagerOptions o;
  o.max_to_keep = max_to_keep;
  o.clock = [] { return absl::FromUnixSeconds(1700000000); };
  return o;
}

TEST(CheckpointManagerTest, SavesKeepsNewestAndWritesRelativeState) {
  const std::string dir = TestDir("keep");
  ASSERT_OK_AND_ASSIGN(auto manager, CheckpointManager::Create(dir, FixedClock(2)));
  EXPECT_FALSE(manager->latest_checkpoint().has_value());
  for (int64_t step : {10, 20, 30}) {
    ASSERT_OK_AND_ASSIGN(std::string prefix, manager->Save(step, TensorsFor(step)));
    EXPECT_EQ(prefix, JoinPath(dir, absl::StrCat("model.ckpt-", step)));
  }
  EXPECT_THAT(manager->checkpoints(), ElementsAre(JoinPath(dir, "model.ckpt-20"), JoinPath(dir, "model.ckpt-30")));
  ASSERT_OK_AND_ASSIGN(auto names, ListDir(dir));
  EXPECT_THAT(names, ElementsAre("checkpoint", "model.ckpt-20.data-00000-of-00001", "model.ckpt-20.index",
                                 "model.ckpt-30.data-00000-of-00001", "model.ckpt-30.index"));
  ASSERT_OK_AND_ASSIGN(std::string text, ReadFileToString(JoinPath(dir, "checkpoint"), 1 << 20));
  EXPECT_EQ(text,
            "model_checkpoint_path: \"model.ckpt-30\"\n"
            "all_model_checkpoint_paths: \"model.ckpt-20\"\n"
            "all_model_checkpoint_paths: \"model.ckpt-30\"\n"
            "all_model_checkpoint_timestamps: 1700000000\n"
            "all_model_checkpoint_timestamps: 1700000000\n");
  ASSERT_OK_AND_ASSIGN(std::string latest, LatestCheckpoint(dir));
  EXPECT_EQ(latest, JoinPath(dir, "model.ckpt-30"));
  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(latest));
  ASSERT_OK_AND_ASSIGN(Tensor step, reader->Lookup("global_step"));
  EXPECT_EQ(step.ToVector<int64_t>(), std::vector<int64_t>{30});
}

TEST(CheckpointManagerTest, ANewManagerTakesOverTheDirectory) {
  const std::string dir = TestDir("takeover");
  {
    ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(dir, FixedClock(3)));
    for (int64_t step : {1, 2, 3}) ASSERT_OK(m->Save(step, TensorsFor(step)));
  }
  // Debris of an interrupted save is cleaned up.
  ASSERT_OK(WriteFileAtomically(JoinPath(dir, "model.ckpt-4.index.tempstate123"), "partial"));
  ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(dir, FixedClock(3)));
  EXPECT_FALSE(FileExists(JoinPath(dir, "model.ckpt-4.index.tempstate123")));
  EXPECT_EQ(m->checkpoints().size(), 3u);
  ASSERT_OK(m->Save(4, TensorsFor(4)));
  EXPECT_THAT(m->checkpoints(), ElementsAre(JoinPath(dir, "model.ckpt-2"), JoinPath(dir, "model.ckpt-3"),
                                            JoinPath(dir, "model.ckpt-4")));
  EXPECT_FALSE(FileExists(JoinPath(dir, "model.ckpt-1.index")));
  EXPECT_FALSE(FileExists(JoinPath(dir, "model.ckpt-1.data-00000-of-00001")));
}

TEST(CheckpointManagerTest, ResavingAStepReplacesIt) {
  const std::string dir = TestDir("resave");
  ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(dir, FixedClock(5)));
  ASSERT_OK(m->Save(1, TensorsFor(1)));
  ASSERT_OK(m->Save(2, TensorsFor(2)));
  auto changed = TensorsFor(2);
  changed["extra"] = Tensor::Scalar<float>(9);
  ASSERT_OK(m->Save(1, changed));
  EXPECT_THAT(m->checkpoints(), ElementsAre(JoinPath(dir, "model.ckpt-2"), JoinPath(dir, "model.ckpt-1")));
  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(JoinPath(dir, "model.ckpt-1")));
  EXPECT_TRUE(reader->Contains("extra"));
}

TEST(CheckpointManagerTest, ZeroKeepsAll) {
  const std::string dir = TestDir("all");
  ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(dir, 0));
  for (int64_t step = 0; step < 8; ++step) ASSERT_OK(m->Save(step, TensorsFor(step)));
  EXPECT_EQ(m->checkpoints().size(), 8u);
}

TEST(CheckpointManagerTest, BadArguments) {
  EXPECT_THAT(CheckpointManager::Create(TestDir("bad"), -1), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  CheckpointManagerOptions o;
  o.checkpoint_name = "a/b";
  EXPECT_THAT(CheckpointManager::Create(TestDir("bad"), o), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(TestDir("bad"), 1));
  EXPECT_THAT(m->Save(-5, TensorsFor(1)), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  std::map<std::string, Tensor> bad = {{"", Tensor::Scalar<float>(1)}};
  EXPECT_THAT(m->Save(1, bad), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_FALSE(m->latest_checkpoint().has_value());
  ASSERT_OK_AND_ASSIGN(auto names, ListDir(TestDir("bad")));
  EXPECT_TRUE(names.empty());  // the failed save left nothing behind
}

TEST(CheckpointManagerTest, CorruptStateFileIsAnError) {
  const std::string dir = TestDir("corrupt_state");
  ASSERT_OK(CreateDirRecursively(dir));
  ASSERT_OK(WriteFileAtomically(JoinPath(dir, "checkpoint"), "model_checkpoint_path: ["));
  EXPECT_THAT(CheckpointManager::Create(dir, 2),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("checkpoint")));
}

}  // namespace
}  // namespace rill::io
