// SummarySaverHook: TensorFlow's tf.train.SummarySaverHook: every N steps or seconds, fetches the
// summary op with the step and writes its Summary to an event file at the global step.
#ifndef RILL_SESSION_HOOKS_SUMMARY_SAVER_HOOK_H_
#define RILL_SESSION_HOOKS_SUMMARY_SAVER_HOOK_H_

#include <memory>
#include <optional>
#include <string>

#include "session/hooks/session_run_hook.h"
#include "session/hooks/step_timer.h"
#include "session/summary_writer.h"

namespace rill {

struct SummarySaverHookOptions {
  // Exactly one of these.
  std::optional<int64_t> save_steps;
  std::optional<double> save_secs;
  // Where a SummaryWriter is created (with the graph) when `writer` is null.
  std::string output_dir;
  // Not owned; shared with other hooks (TF's FileWriterCache role).
  SummaryWriter* writer = nullptr;
  // The serialized-Summary tensor to fetch; empty: the summaries collection, merged in Begin
  // ("Merge/MergeSummary") when it holds several.
  std::string summary_op;
  Clock clock;
};

class SummarySaverHook : public SessionRunHook {
 public:
  // InvalidArgument for a bad save_steps/save_secs choice or neither output_dir nor writer.
  static absl::StatusOr<std::unique_ptr<SummarySaverHook>> Create(SummarySaverHookOptions options);

  // Finds the global step and the summary op (InvalidArgument if there is none).
  absl::Status Begin(const Scope& scope) override;
  // Creates the writer (writing the graph) unless one was given.
  absl::Status AfterCreateSession(Session* session, Coordinator* coordinator) override;
  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& context) override;
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& values) override;
  // Flushes the writer.
  absl::Status End(Session* session) override;

  // The summary tensor the hook fetches (after Begin).
  const std::string& summary_op() const { return summary_op_; }

 private:
  SummarySaverHook(SummarySaverHookOptions options, SecondOrStepTimer timer)
      : options_(std::move(options)), timer_(std::move(timer)) {}

  SummarySaverHookOptions options_;
  SecondOrStepTimer timer_;
  std::unique_ptr<SummaryWriter> own_writer_;
  SummaryWriter* writer_ = nullptr;
  std::string global_step_;
  std::string summary_op_;
  std::optional<int64_t> next_step_;
  bool request_summary_ = false;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_SUMMARY_SAVER_HOOK_H_
