// StopAtStepHook: TensorFlow's tf.train.StopAtStepHook: requests a stop once the global step
// reaches last_step (given, or the step at session creation + num_steps).
#ifndef RILL_SESSION_HOOKS_STOP_AT_STEP_HOOK_H_
#define RILL_SESSION_HOOKS_STOP_AT_STEP_HOOK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "session/hooks/session_run_hook.h"

namespace rill {

class StopAtStepHook : public SessionRunHook {
 public:
  // Exactly one of num_steps and last_step (both >= 0); InvalidArgument otherwise.
  static absl::StatusOr<std::unique_ptr<StopAtStepHook>> Create(std::optional<int64_t> num_steps,
                                                                std::optional<int64_t> last_step);

  // FailedPrecondition if the graph has no global step.
  absl::Status Begin(const Scope& scope) override;
  absl::Status AfterCreateSession(Session* session, Coordinator* coordinator) override;
  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& context) override;
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& values) override;

  // The step at which the hook stops (known after AfterCreateSession).
  std::optional<int64_t> last_step() const { return last_step_; }

 private:
  StopAtStepHook(std::optional<int64_t> num_steps, std::optional<int64_t> last_step)
      : num_steps_(num_steps), last_step_(last_step) {}

  std::optional<int64_t> num_steps_;
  std::optional<int64_t> last_step_;
  std::string global_step_;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_STOP_AT_STEP_HOOK_H_
