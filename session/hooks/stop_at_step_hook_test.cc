// Tests StopAtStepHook: stops exactly at last_step or after num_steps from the restored step,
// needs a global step, and checks its arguments.
#include "session/hooks/stop_at_step_hook.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "session/hooks/hook_util.h"
#include "session/hooks/testing/hook_harness.h"

namespace rill {
namespace {

using ::rill::testing::HookHarness;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(StopAtStepHookTest, StopsAtLastStep) {
  ASSERT_OK_AND_ASSIGN(auto hook, StopAtStepHook::Create(std::nullopt, 5));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK_AND_ASSIGN(int ran, h->Train(100));
  EXPECT_EQ(ran, 5);
  EXPECT_THAT(ReadInt64(h->session(), "global_step"), ::rill::testing::IsOkAndHolds(5));
}

TEST(StopAtStepHookTest, NumStepsCountsFromTheCurrentStep) {
  ASSERT_OK_AND_ASSIGN(auto hook, StopAtStepHook::Create(3, std::nullopt));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  // As after a restore: global_step is 10 when the session is created.
  ASSERT_OK(h->CreateSession(/*initial_steps=*/10));
  ASSERT_OK_AND_ASSIGN(int ran, h->Train(100));
  EXPECT_EQ(ran, 3);
  EXPECT_EQ(hook->last_step(), 13);
  EXPECT_THAT(ReadInt64(h->session(), "global_step"), ::rill::testing::IsOkAndHolds(13));
}

TEST(StopAtStepHookTest, Errors) {
  EXPECT_THAT(StopAtStepHook::Create(std::nullopt, std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  EXPECT_THAT(StopAtStepHook::Create(-1, std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(">= 0")));
  ASSERT_OK_AND_ASSIGN(auto hook, StopAtStepHook::Create(1, std::nullopt));
  EXPECT_THAT(hook->Begin(Scope::NewRootScope()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("Global step should be created to use StopAtStepHook")));
}

}  // namespace
}  // namespace rill
