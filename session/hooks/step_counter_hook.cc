// StepCounterHook (see step_counter_hook.h), as TensorFlow's basic_session_run_hooks.py.
#include "session/hooks/step_counter_hook.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/summary.pb.h"

namespace rill {

absl::StatusOr<std::unique_ptr<StepCounterHook>> StepCounterHook::Create(
    StepCounterHookOptions options) {
  std::optional<int64_t> steps = options.every_n_steps;
  if (!steps.has_value() && !options.every_n_secs.has_value()) steps = 100;
  absl::StatusOr<SecondOrStepTimer> timer =
      SecondOrStepTimer::Create(options.every_n_secs, steps, options.clock);
  if (!timer.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "StepCounterHook: every_n_steps / every_n_secs: ", timer.status().message()));
  }
  return std::unique_ptr<StepCounterHook>(
      new StepCounterHook(std::move(options), *std::move(timer)));
}

absl::Status StepCounterHook::Begin(const Scope& scope) {
  ASSIGN_OR_RETURN(global_step_, FindGlobalStep(scope, "StepCounterHook"));
  summary_tag_ = absl::StrCat(global_step_, "/sec");
  return absl::OkStatus();
}

absl::Status StepCounterHook::AfterCreateSession(Session* /*session*/,
                                                 Coordinator* /*coordinator*/) {
  writer_ = options_.writer;
  if (writer_ == nullptr && !options_.output_dir.empty()) {
    ASSIGN_OR_RETURN(own_writer_, SummaryWriter::Create(options_.output_dir));
    writer_ = own_writer_.get();
  }
  return absl::OkStatus();
}

absl::StatusOr<SessionRunArgs> StepCounterHook::BeforeRun(SessionRunContext& /*context*/) {
  return SessionRunArgs{.fetches = {global_step_}};
}

absl::Status StepCounterHook::AfterRun(SessionRunContext& context,
                                       const SessionRunValues& values) {
  ASSIGN_OR_RETURN(int64_t stale, ScalarToInt64(values.results[0], global_step_));
  if (!timer_.ShouldTriggerForStep(stale + 1)) return absl::OkStatus();
  ASSIGN_OR_RETURN(int64_t step, ReadInt64(*context.session(), global_step_));
  if (!timer_.ShouldTriggerForStep(step)) return absl::OkStatus();
  std::optional<TimerElapsed> elapsed = timer_.UpdateLastTriggeredStep(step);
  if (!elapsed.has_value() || elapsed->seconds <= 0) return absl::OkStatus();
  const double steps_per_sec = static_cast<double>(elapsed->steps) / elapsed->seconds;
  last_steps_per_sec_ = steps_per_sec;
  Summary summary;
  Summary::Value* value = summary.add_value();
  value->set_tag(summary_tag_);
  value->set_simple_value(static_cast<float>(steps_per_sec));
  std::string line = absl::StrCat(summary_tag_, ": ", steps_per_sec);
  if (options_.batch_size > 0) {
    const double examples_per_sec = steps_per_sec * static_cast<double>(options_.batch_size);
    Summary::Value* examples = summary.add_value();
    examples->set_tag("examples/sec");
    examples->set_simple_value(static_cast<float>(examples_per_sec));
    absl::StrAppend(&line, ", examples/sec: ", examples_per_sec);
  }
  WriteLog(options_.sink, line);
  if (writer_ != nullptr) RETURN_IF_ERROR(writer_->AddSummary(summary, step));
  return absl::OkStatus();
}

absl::Status StepCounterHook::End(Session* /*session*/) {
  return writer_ != nullptr ? writer_->Flush() : absl::OkStatus();
}

}  // namespace rill
