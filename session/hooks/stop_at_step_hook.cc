// StopAtStepHook (see stop_at_step_hook.h), as TensorFlow's basic_session_run_hooks.py.
#include "session/hooks/stop_at_step_hook.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "session/hooks/hook_util.h"

namespace rill {

absl::StatusOr<std::unique_ptr<StopAtStepHook>> StopAtStepHook::Create(
    std::optional<int64_t> num_steps, std::optional<int64_t> last_step) {
  if (num_steps.has_value() == last_step.has_value()) {
    return absl::InvalidArgumentError("StopAtStepHook: exactly one of num_steps and last_step");
  }
  if (num_steps.value_or(0) < 0 || last_step.value_or(0) < 0) {
    return absl::InvalidArgumentError("StopAtStepHook: num_steps and last_step must be >= 0");
  }
  return std::unique_ptr<StopAtStepHook>(new StopAtStepHook(num_steps, last_step));
}

absl::Status StopAtStepHook::Begin(const Scope& scope) {
  ASSIGN_OR_RETURN(global_step_, FindGlobalStep(scope, "StopAtStepHook"));
  return absl::OkStatus();
}

absl::Status StopAtStepHook::AfterCreateSession(Session* session, Coordinator* /*coordinator*/) {
  if (num_steps_.has_value()) {
    ASSIGN_OR_RETURN(int64_t step, ReadInt64(*session, global_step_));
    last_step_ = step + *num_steps_;
  }
  return absl::OkStatus();
}

absl::StatusOr<SessionRunArgs> StopAtStepHook::BeforeRun(SessionRunContext& /*context*/) {
  return SessionRunArgs{.fetches = {global_step_}};
}

absl::Status StopAtStepHook::AfterRun(SessionRunContext& context,
                                      const SessionRunValues& values) {
  // The fetched value is from before this Run's increment; only when it may have reached the
  // last step is the current value read (TF does the same to avoid stopping early).
  ASSIGN_OR_RETURN(int64_t stale, ScalarToInt64(values.results[0], global_step_));
  if (stale + 1 < *last_step_) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t step, ReadInt64(*context.session(), global_step_));
  if (step >= *last_step_) context.RequestStop();
  return absl::OkStatus();
}

}  // namespace rill
