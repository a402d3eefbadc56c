// SecondOrStepTimer (see step_timer.h), following TensorFlow's basic_session_run_hooks.py.
#include "session/hooks/step_timer.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace rill {

absl::StatusOr<SecondOrStepTimer> SecondOrStepTimer::Create(std::optional<double> every_secs,
                                                            std::optional<int64_t> every_steps,
                                                            Clock clock) {
  if (every_secs.has_value() == every_steps.has_value()) {
    return absl::InvalidArgumentError(
        "exactly one of every_secs and every_steps must be provided");
  }
  if (every_secs.has_value() && !(*every_secs > 0)) {
    return absl::InvalidArgumentError(absl::StrCat("every_secs must be > 0, got ", *every_secs));
  }
  if (every_steps.has_value() && *every_steps <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("every_steps must be > 0, got ", *every_steps));
  }
  return SecondOrStepTimer(every_secs, every_steps, std::move(clock));
}

absl::Time SecondOrStepTimer::Now() const { return clock_ ? clock_() : absl::Now(); }

bool SecondOrStepTimer::ShouldTriggerForStep(int64_t step) const {
  if (!last_step_.has_value()) return true;
  if (*last_step_ == step) return false;
  if (every_secs_.has_value() && Now() >= *last_time_ + absl::Seconds(*every_secs_)) return true;
  if (every_steps_.has_value() && step >= *last_step_ + *every_steps_) return true;
  return false;
}

std::optional<TimerElapsed> SecondOrStepTimer::UpdateLastTriggeredStep(int64_t step) {
  const absl::Time now = Now();
  std::optional<TimerElapsed> elapsed;
  if (last_time_.has_value()) {
    elapsed = TimerElapsed{absl::ToDoubleSeconds(now - *last_time_), step - *last_step_};
  }
  last_time_ = now;
  last_step_ = step;
  return elapsed;
}

}  // namespace rill
