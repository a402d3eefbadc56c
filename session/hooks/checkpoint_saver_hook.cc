// CheckpointSaverHook (see checkpoint_saver_hook.h), as TensorFlow's basic_session_run_hooks.py.
#include "session/hooks/checkpoint_saver_hook.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/file_system.h"
#include "session/hooks/hook_util.h"

namespace rill {

absl::StatusOr<std::unique_ptr<CheckpointSaverHook>> CheckpointSaverHook::Create(
    CheckpointSaverHookOptions options) {
  if (options.checkpoint_dir.empty()) {
    return absl::InvalidArgumentError("CheckpointSaverHook: empty checkpoint_dir");
  }
  absl::StatusOr<SecondOrStepTimer> timer =
      SecondOrStepTimer::Create(options.save_secs, options.save_steps, options.clock);
  if (!timer.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("CheckpointSaverHook: save_secs / save_steps: ", timer.status().message()));
  }
  return std::unique_ptr<CheckpointSaverHook>(
      new CheckpointSaverHook(std::move(options), *std::move(timer)));
}

absl::Status CheckpointSaverHook::Begin(const Scope& scope) {
  ASSIGN_OR_RETURN(global_step_, FindGlobalStep(scope, "CheckpointSaverHook"));
  saver_ = options_.saver;
  if (saver_ == nullptr) {
    ASSIGN_OR_RETURN(own_saver_, Saver::Create(scope, {}, options_.saver_options));
    saver_ = own_saver_.get();
  }
  return absl::OkStatus();
}

absl::Status CheckpointSaverHook::Save(Session& session, int64_t step) {
  const std::string prefix = io::JoinPath(options_.checkpoint_dir, options_.checkpoint_basename);
  ASSIGN_OR_RETURN(std::string path, saver_->Save(session, prefix, step));
  saved_.push_back(path);
  return absl::OkStatus();
}

absl::Status CheckpointSaverHook::AfterCreateSession(Session* session,
                                                     Coordinator* /*coordinator*/) {
  ASSIGN_OR_RETURN(int64_t step, ReadInt64(*session, global_step_));
  RETURN_IF_ERROR(Save(*session, step));
  timer_.UpdateLastTriggeredStep(step);
  return absl::OkStatus();
}

absl::StatusOr<SessionRunArgs> CheckpointSaverHook::BeforeRun(SessionRunContext& /*context*/) {
  return SessionRunArgs{.fetches = {global_step_}};
}

absl::Status CheckpointSaverHook::AfterRun(SessionRunContext& context,
                                           const SessionRunValues& values) {
  // The fetched step predates this Run's increment: check the next one, then read the real one.
  ASSIGN_OR_RETURN(int64_t stale, ScalarToInt64(values.results[0], global_step_));
  if (!timer_.ShouldTriggerForStep(stale + 1)) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t step, ReadInt64(*context.session(), global_step_));
  if (!timer_.ShouldTriggerForStep(step)) return absl::OkStatus();
  timer_.UpdateLastTriggeredStep(step);
  return Save(*context.session(), step);
}

absl::Status CheckpointSaverHook::End(Session* session) {
  ASSIGN_OR_RETURN(int64_t step, ReadInt64(*session, global_step_));
  if (timer_.last_triggered_step() == step) return absl::OkStatus();
  timer_.UpdateLastTriggeredStep(step);
  return Save(*session, step);
}

}  // namespace rill
