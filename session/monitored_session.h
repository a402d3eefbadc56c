// MonitoredSession: TensorFlow 1.x tf.train.MonitoredTrainingSession. Creates the session
// (restoring the latest checkpoint of checkpoint_dir, else running the initialiser), runs hooks
// around every Run in TensorFlow's order, treats end of input (OutOfRange) as a clean stop, and
// on a clean close calls every hook's End (the CheckpointSaverHook saves a final checkpoint).
#ifndef RILL_SESSION_MONITORED_SESSION_H_
#define RILL_SESSION_MONITORED_SESSION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/scope.h"
#include "session/hooks/coordinator.h"
#include "session/hooks/hook_util.h"
#include "session/hooks/session_run_hook.h"
#include "session/hooks/step_timer.h"
#include "session/saver.h"
#include "session/session.h"
#include "session/summary_writer.h"

namespace rill {

struct MonitoredTrainingSessionOptions {
  // Where checkpoints and event files go, and what is restored from. Empty: no restore, no
  // checkpoints, no summaries (TensorFlow's behaviour without a checkpoint_dir).
  std::string checkpoint_dir;
  // Hooks run first (TF: chief_only_hooks) and last (TF: hooks). Not owned.
  std::vector<SessionRunHook*> chief_only_hooks;
  std::vector<SessionRunHook*> hooks;
  // CheckpointSaverHook period: at most one; neither means every 600 seconds (TF's default).
  std::optional<int64_t> save_checkpoint_steps;
  std::optional<double> save_checkpoint_secs;
  // SummarySaverHook period (added only when the summaries collection is non-empty): at most
  // one; neither means every 100 steps.
  std::optional<int64_t> save_summaries_steps;
  std::optional<double> save_summaries_secs;
  // StepCounterHook period in steps; 0 disables it.
  int64_t log_step_count_steps = 100;
  // Checkpoints kept.
  int max_to_keep = 5;
  SessionOptions session_options;
  // Time source of the default hooks and the event file; absl::Now when empty.
  Clock clock;
  // Where the default hooks log; stderr when empty.
  LogSink log_sink;
};

class MonitoredSession {
 public:
  // `scope`: the root scope of the model's graph (variables already created; hooks may extend
  // it in Begin). Order (TensorFlow's): the default hooks are built (chief_only_hooks,
  // StepCounterHook, SummarySaverHook, CheckpointSaverHook, then `hooks`), every hook's Begin,
  // the initialiser ("init") is added, the session is created, the latest checkpoint in
  // checkpoint_dir is restored (else the initialiser runs), then every hook's
  // AfterCreateSession. Errors from any of these are returned.
  static absl::StatusOr<std::unique_ptr<MonitoredSession>> CreateTraining(
      const Scope& scope, MonitoredTrainingSessionOptions options);
  // Without Close(), hooks' End is not called (as after an error); the event file is closed.
  ~MonitoredSession();

  // One step with hooks (see RunWithHooks). OutOfRange (end of input) marks a clean stop and is
  // returned so the loop can end; any other error is returned and makes Close skip End.
  absl::Status Run(const SessionRunArgs& args, std::vector<Tensor>* outputs);
  absl::Status Run(const std::vector<Feed>& feeds, const std::vector<std::string>& fetches,
                   const std::vector<std::string>& targets, std::vector<Tensor>* outputs);

  // True once a hook requested a stop, the coordinator was asked to stop, input ended or a Run
  // failed.
  bool ShouldStop() const;

  // Ends the loop: unless a Run failed with an error other than OutOfRange (or the coordinator
  // holds an error, which is returned), calls every hook's End in order (the first error is
  // returned), then flushes the event file. Idempotent.
  absl::Status Close();

  // Whether the session started from a checkpoint, and which.
  const std::optional<std::string>& restored_from() const { return restored_from_; }
  // Every hook in run order (default hooks included).
  const std::vector<SessionRunHook*>& hooks() const { return hooks_; }
  Session& session() { return *session_; }
  Coordinator& coordinator() { return coordinator_; }

 private:
  MonitoredSession() = default;
  // Builds the default hooks and the hook order.
  absl::Status BuildHooks(const Scope& scope, const MonitoredTrainingSessionOptions& options);

  std::vector<std::unique_ptr<SessionRunHook>> owned_hooks_;
  std::vector<SessionRunHook*> hooks_;
  std::unique_ptr<Saver> saver_;
  std::unique_ptr<SummaryWriter> writer_;
  std::unique_ptr<Session> session_;
  Coordinator coordinator_;
  std::optional<std::string> restored_from_;
  bool stop_ = false;
  bool failed_ = false;
  bool closed_ = false;
};

}  // namespace rill

#endif  // RILL_SESSION_MONITORED_SESSION_H_
