// Tests SecondOrStepTimer with a fake clock: step-based and time-based triggering, never twice
// for one step, the elapsed values, and argument checks.
#include "session/hooks/step_timer.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(SecondOrStepTimerTest, EveryNSteps) {
  ASSERT_OK_AND_ASSIGN(SecondOrStepTimer timer, SecondOrStepTimer::Create(std::nullopt, 3));
  EXPECT_TRUE(timer.ShouldTriggerForStep(5));
  EXPECT_FALSE(timer.UpdateLastTriggeredStep(5).has_value());
  EXPECT_FALSE(timer.ShouldTriggerForStep(5));
  EXPECT_FALSE(timer.ShouldTriggerForStep(7));
  EXPECT_TRUE(timer.ShouldTriggerForStep(8));
  std::optional<TimerElapsed> e = timer.UpdateLastTriggeredStep(9);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->steps, 4);
  EXPECT_EQ(timer.last_triggered_step(), 9);
}

TEST(SecondOrStepTimerTest, EveryNSecondsWithAFakeClock) {
  absl::Time now = absl::FromUnixSeconds(100);
  ASSERT_OK_AND_ASSIGN(SecondOrStepTimer timer,
                       SecondOrStepTimer::Create(2.5, std::nullopt, [&] { return now; }));
  EXPECT_TRUE(timer.ShouldTriggerForStep(0));
  timer.UpdateLastTriggeredStep(0);
  now += absl::Seconds(2);
  EXPECT_FALSE(timer.ShouldTriggerForStep(10));
  now += absl::Milliseconds(500);
  EXPECT_TRUE(timer.ShouldTriggerForStep(11));
  EXPECT_FALSE(timer.ShouldTriggerForStep(0));  // never twice for one step
  std::optional<TimerElapsed> e = timer.UpdateLastTriggeredStep(11);
  ASSERT_TRUE(e.has_value());
  EXPECT_DOUBLE_EQ(e->seconds, 2.5);
  EXPECT_EQ(e->steps, 11);
}

TEST(SecondOrStepTimerTest, RejectsBadArguments) {
  EXPECT_THAT(SecondOrStepTimer::Create(std::nullopt, std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  EXPECT_THAT(SecondOrStepTimer::Create(1.0, 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  EXPECT_THAT(SecondOrStepTimer::Create(0.0, std::nullopt),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("every_secs")));
  EXPECT_THAT(SecondOrStepTimer::Create(std::nullopt, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("every_steps")));
}

}  // namespace
}  // namespace rill
