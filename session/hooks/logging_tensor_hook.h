// LoggingTensorHook: TensorFlow's tf.train.LoggingTensorHook: logs the values of named tensors
// every N iterations or every N seconds (and optionally at the end) as "tag = value, ...".
#ifndef RILL_SESSION_HOOKS_LOGGING_TENSOR_HOOK_H_
#define RILL_SESSION_HOOKS_LOGGING_TENSOR_HOOK_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "session/hooks/hook_util.h"
#include "session/hooks/session_run_hook.h"
#include "session/hooks/step_timer.h"

namespace rill {

struct LoggingTensorHookOptions {
  // (tag, tensor name) pairs, logged in this order.
  std::vector<std::pair<std::string, std::string>> tensors;
  // Exactly one of these, unless only at_end is wanted (then neither).
  std::optional<int64_t> every_n_iter;
  std::optional<double> every_n_secs;
  // Also log once in End().
  bool at_end = false;
  // Replaces the default "tag = value, tag2 = value2" text.
  std::function<std::string(const std::vector<std::pair<std::string, Tensor>>&)> formatter;
  LogSink sink;
  Clock clock;
};

class LoggingTensorHook : public SessionRunHook {
 public:
  // InvalidArgument for no tensors, both or (without at_end) neither of every_n_iter /
  // every_n_secs, or non-positive periods.
  static absl::StatusOr<std::unique_ptr<LoggingTensorHook>> Create(
      LoggingTensorHookOptions options);

  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& context) override;
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& values) override;
  absl::Status End(Session* session) override;

 private:
  LoggingTensorHook(LoggingTensorHookOptions options, std::optional<SecondOrStepTimer> timer)
      : options_(std::move(options)), timer_(std::move(timer)) {}
  // Logs `values` (one per tensor), with the time since the last log when known.
  void Log(const std::vector<Tensor>& values, std::optional<double> elapsed_secs);

  LoggingTensorHookOptions options_;
  std::optional<SecondOrStepTimer> timer_;  // none when only logging at the end
  int64_t iter_count_ = 0;
  bool should_trigger_ = false;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_LOGGING_TENSOR_HOOK_H_
