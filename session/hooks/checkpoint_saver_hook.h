// CheckpointSaverHook: TensorFlow's tf.train.CheckpointSaverHook: saves a checkpoint
// `<dir>/model.ckpt-<global step>` when the session is created, every N steps or seconds, and at
// the end (through a Saver, which keeps the newest N and updates the `checkpoint` file).
#ifndef RILL_SESSION_HOOKS_CHECKPOINT_SAVER_HOOK_H_
#define RILL_SESSION_HOOKS_CHECKPOINT_SAVER_HOOK_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "session/hooks/session_run_hook.h"
#include "session/hooks/step_timer.h"
#include "session/saver.h"

namespace rill {

struct CheckpointSaverHookOptions {
  std::string checkpoint_dir;
  // Exactly one of these.
  std::optional<double> save_secs;
  std::optional<int64_t> save_steps;
  std::string checkpoint_basename = "model.ckpt";
  // Used when `saver` is null and the hook builds its own (over all global variables).
  SaverOptions saver_options;
  // Not owned; null: built in Begin.
  Saver* saver = nullptr;
  Clock clock;
};

class CheckpointSaverHook : public SessionRunHook {
 public:
  // InvalidArgument for an empty checkpoint_dir or a bad save_secs/save_steps choice.
  static absl::StatusOr<std::unique_ptr<CheckpointSaverHook>> Create(
      CheckpointSaverHookOptions options);

  // Finds the global step (FailedPrecondition without one) and builds the Saver if needed.
  absl::Status Begin(const Scope& scope) override;
  // Saves at the current global step.
  absl::Status AfterCreateSession(Session* session, Coordinator* coordinator) override;
  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& context) override;
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& values) override;
  // Saves the final step unless it was just saved.
  absl::Status End(Session* session) override;

  // Every checkpoint path saved, in order.
  const std::vector<std::string>& saved() const { return saved_; }

 private:
  CheckpointSaverHook(CheckpointSaverHookOptions options, SecondOrStepTimer timer)
      : options_(std::move(options)), timer_(std::move(timer)) {}
  absl::Status Save(Session& session, int64_t step);

  CheckpointSaverHookOptions options_;
  SecondOrStepTimer timer_;
  std::unique_ptr<Saver> own_saver_;
  Saver* saver_ = nullptr;
  std::string global_step_;
  std::vector<std::string> saved_;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_CHECKPOINT_SAVER_HOOK_H_
