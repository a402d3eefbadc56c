// StepCounterHook: TensorFlow's tf.train.StepCounterHook: every N steps or seconds, computes
// global steps per second (and examples per second for a batch size), logs them and writes
// them as "global_step/sec" / "examples/sec" summaries.
#ifndef RILL_SESSION_HOOKS_STEP_COUNTER_HOOK_H_
#define RILL_SESSION_HOOKS_STEP_COUNTER_HOOK_H_

#include <memory>
#include <optional>
#include <string>

#include "session/hooks/hook_util.h"
#include "session/hooks/session_run_hook.h"
#include "session/hooks/step_timer.h"
#include "session/summary_writer.h"

namespace rill {

struct StepCounterHookOptions {
  // At most one of these; neither means every 100 steps (TF's default).
  std::optional<int64_t> every_n_steps;
  std::optional<double> every_n_secs;
  // Where a SummaryWriter is created when `writer` is null; both empty: no summaries.
  std::string output_dir;
  SummaryWriter* writer = nullptr;  // not owned
  // > 0: also report examples/sec = steps/sec * batch_size.
  int64_t batch_size = 0;
  LogSink sink;
  Clock clock;
};

class StepCounterHook : public SessionRunHook {
 public:
  // InvalidArgument for both periods or a non-positive one.
  static absl::StatusOr<std::unique_ptr<StepCounterHook>> Create(StepCounterHookOptions options);

  absl::Status Begin(const Scope& scope) override;
  absl::Status AfterCreateSession(Session* session, Coordinator* coordinator) override;
  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& context) override;
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& values) override;
  // Flushes the summary writer.
  absl::Status End(Session* session) override;

  // The last rate computed, if any.
  std::optional<double> last_steps_per_sec() const { return last_steps_per_sec_; }

 private:
  StepCounterHook(StepCounterHookOptions options, SecondOrStepTimer timer)
      : options_(std::move(options)), timer_(std::move(timer)) {}

  StepCounterHookOptions options_;
  SecondOrStepTimer timer_;
  std::unique_ptr<SummaryWriter> own_writer_;
  SummaryWriter* writer_ = nullptr;
  std::string global_step_;
  std::string summary_tag_;
  std::optional<double> last_steps_per_sec_;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_STEP_COUNTER_HOOK_H_
