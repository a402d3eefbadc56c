// LoggingTensorHook (see logging_tensor_hook.h), as TensorFlow's basic_session_run_hooks.py.
#include "session/hooks/logging_tensor_hook.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace rill {

absl::StatusOr<std::unique_ptr<LoggingTensorHook>> LoggingTensorHook::Create(
    LoggingTensorHookOptions options) {
  if (options.tensors.empty()) {
    return absl::InvalidArgumentError("LoggingTensorHook: no tensors to log");
  }
  std::optional<SecondOrStepTimer> timer;
  const bool periodic = options.every_n_iter.has_value() || options.every_n_secs.has_value();
  if (periodic || !options.at_end) {
    absl::StatusOr<SecondOrStepTimer> made =
        SecondOrStepTimer::Create(options.every_n_secs, options.every_n_iter, options.clock);
    if (!made.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("LoggingTensorHook: every_n_iter / every_n_secs: ", made.status().message()));
    }
    timer = *std::move(made);
  }
  return std::unique_ptr<LoggingTensorHook>(
      new LoggingTensorHook(std::move(options), std::move(timer)));
}

absl::StatusOr<SessionRunArgs> LoggingTensorHook::BeforeRun(SessionRunContext& /*context*/) {
  should_trigger_ = timer_.has_value() && timer_->ShouldTriggerForStep(iter_count_);
  SessionRunArgs args;
  if (should_trigger_) {
    for (const auto& [tag, name] : options_.tensors) args.fetches.push_back(name);
  }
  return args;
}

absl::Status LoggingTensorHook::AfterRun(SessionRunContext& /*context*/,
                                         const SessionRunValues& values) {
  if (should_trigger_) {
    std::optional<TimerElapsed> elapsed = timer_->UpdateLastTriggeredStep(iter_count_);
    Log(values.results,
        elapsed.has_value() ? std::optional<double>(elapsed->seconds) : std::nullopt);
  }
  ++iter_count_;
  return absl::OkStatus();
}

absl::Status LoggingTensorHook::End(Session* session) {
  if (!options_.at_end) return absl::OkStatus();
  std::vector<std::string> names;
  for (const auto& [tag, name] : options_.tensors) names.push_back(name);
  std::vector<Tensor> values;
  RETURN_IF_ERROR(session->Run({}, names, {}, &values));
  Log(values, std::nullopt);
  return absl::OkStatus();
}

void LoggingTensorHook::Log(const std::vector<Tensor>& values,
                            std::optional<double> elapsed_secs) {
  std::vector<std::pair<std::string, Tensor>> tagged;
  for (size_t i = 0; i < values.size(); ++i) tagged.emplace_back(options_.tensors[i].first, values[i]);
  std::string line;
  if (options_.formatter) {
    line = options_.formatter(tagged);
  } else {
    for (const auto& [tag, value] : tagged) {
      absl::StrAppend(&line, line.empty() ? "" : ", ", tag, " = ", FormatTensorValue(value));
    }
    if (elapsed_secs.has_value()) absl::StrAppend(&line, absl::StrFormat(" (%.3f sec)", *elapsed_secs));
  }
  WriteLog(options_.sink, line);
}

}  // namespace rill
