// Tests CheckpointSaverHook: saves at creation, every N steps, every N seconds (fake clock) and
// at the end (not twice for one step); the checkpoints restore; bad options are rejected.
#include "session/hooks/checkpoint_saver_hook.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/checkpoint_state.h"
#include "io/file_system.h"
#include "session/hooks/hook_util.h"
#include "session/hooks/testing/hook_harness.h"

namespace rill {
namespace {

using ::rill::testing::HookHarness;
using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestDir(const std::string& name) {
  return io::JoinPath(io::JoinPath(::testing::TempDir(), "checkpoint_saver_hook_test"), name);
}

TEST(CheckpointSaverHookTest, EveryNStepsAndAtEnd) {
  const std::string dir = TestDir("steps");
  CheckpointSaverHookOptions o;
  o.checkpoint_dir = dir;
  o.save_steps = 3;
  ASSERT_OK_AND_ASSIGN(auto hook, CheckpointSaverHook::Create(o));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(7).status());
  ASSERT_OK(h->End());
  const std::string p = io::JoinPath(dir, "model.ckpt-");
  EXPECT_THAT(hook->saved(), ElementsAre(p + "0", p + "3", p + "6", p + "7"));
  EXPECT_THAT(io::LatestCheckpoint(dir), IsOkAndHolds(p + "7"));
  // End does not save the step again when it was just saved.
  ASSERT_OK(h->End());
  EXPECT_EQ(hook->saved().size(), 4u);
}

TEST(CheckpointSaverHookTest, EveryNSecondsRestoresTheSavedState) {
  const std::string dir = TestDir("secs");
  absl::Time now = absl::FromUnixSeconds(0);
  CheckpointSaverHookOptions o;
  o.checkpoint_dir = dir;
  o.save_secs = 60;
  o.clock = [&] { return now; };
  ASSERT_OK_AND_ASSIGN(auto hook, CheckpointSaverHook::Create(o));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(4).status());
  now += absl::Seconds(60);
  ASSERT_OK(h->Train(1).status());  // step 5 is due
  ASSERT_OK(h->Train(2).status());
  const std::string p = io::JoinPath(dir, "model.ckpt-");
  EXPECT_THAT(hook->saved(), ElementsAre(p + "0", p + "5"));

  // A second harness restores step 5 through a Saver over the same graph.
  ASSERT_OK_AND_ASSIGN(auto h2, HookHarness::Create({}));
  ASSERT_OK_AND_ASSIGN(auto saver, Saver::Create(h2->scope()));
  ASSERT_OK(h2->CreateSession());
  ASSERT_OK(saver->Restore(h2->session(), p + "5"));
  EXPECT_THAT(ReadInt64(h2->session(), "global_step"), IsOkAndHolds(5));
}

TEST(CheckpointSaverHookTest, Errors) {
  EXPECT_THAT(CheckpointSaverHook::Create({}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("checkpoint_dir")));
  CheckpointSaverHookOptions o;
  o.checkpoint_dir = TestDir("errors");
  EXPECT_THAT(CheckpointSaverHook::Create(o),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  o.save_steps = 1;
  ASSERT_OK_AND_ASSIGN(auto hook, CheckpointSaverHook::Create(o));
  EXPECT_THAT(hook->Begin(Scope::NewRootScope()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("CheckpointSaverHook")));
}

}  // namespace
}  // namespace rill
