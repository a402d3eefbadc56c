// SecondOrStepTimer: TensorFlow's timer deciding when a periodic hook fires: every N steps or
// every N seconds, with an injectable clock so time-based hooks test deterministically.
#ifndef RILL_SESSION_HOOKS_STEP_TIMER_H_
#define RILL_SESSION_HOOKS_STEP_TIMER_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rill {

// A time source; hooks default to absl::Now.
using Clock = std::function<absl::Time()>;

// Seconds and steps elapsed between two triggers.
struct TimerElapsed {
  double seconds = 0;
  int64_t steps = 0;
};

class SecondOrStepTimer {
 public:
  // Exactly one of every_secs (> 0) and every_steps (> 0) must be set; InvalidArgument
  // otherwise. An empty clock means absl::Now.
  static absl::StatusOr<SecondOrStepTimer> Create(std::optional<double> every_secs,
                                                  std::optional<int64_t> every_steps,
                                                  Clock clock = {});

  // True for the first step ever, never twice for one step, then once every_steps steps or
  // every_secs seconds have passed since the last trigger.
  bool ShouldTriggerForStep(int64_t step) const;
  // Records a trigger at `step` now; returns the time and steps since the previous trigger
  // (nullopt for the first).
  std::optional<TimerElapsed> UpdateLastTriggeredStep(int64_t step);
  std::optional<int64_t> last_triggered_step() const { return last_step_; }

 private:
  SecondOrStepTimer(std::optional<double> every_secs, std::optional<int64_t> every_steps,
                    Clock clock)
      : every_secs_(every_secs), every_steps_(every_steps), clock_(std::move(clock)) {}
  absl::Time Now() const;

  std::optional<double> every_secs_;
  std::optional<int64_t> every_steps_;
  Clock clock_;
  std::optional<int64_t> last_step_;
  std::optional<absl::Time> last_time_;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_STEP_TIMER_H_
