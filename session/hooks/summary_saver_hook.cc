// SummarySaverHook (see summary_saver_hook.h), as TensorFlow's basic_session_run_hooks.py.
#include "session/hooks/summary_saver_hook.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph.h"
#include "ops/io_ops.h"
#include "session/hooks/hook_util.h"

namespace rill {

absl::StatusOr<std::unique_ptr<SummarySaverHook>> SummarySaverHook::Create(
    SummarySaverHookOptions options) {
  if (options.output_dir.empty() && options.writer == nullptr) {
    return absl::InvalidArgumentError("SummarySaverHook: needs an output_dir or a writer");
  }
  absl::StatusOr<SecondOrStepTimer> timer =
      SecondOrStepTimer::Create(options.save_secs, options.save_steps, options.clock);
  if (!timer.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("SummarySaverHook: save_secs / save_steps: ", timer.status().message()));
  }
  return std::unique_ptr<SummarySaverHook>(
      new SummarySaverHook(std::move(options), *std::move(timer)));
}

absl::Status SummarySaverHook::Begin(const Scope& scope) {
  ASSIGN_OR_RETURN(global_step_, FindGlobalStep(scope, "SummarySaverHook"));
  summary_op_ = options_.summary_op;
  if (!summary_op_.empty()) return absl::OkStatus();
  const std::vector<Node*>& summaries =
      scope.graph()->GetCollection(collection_keys::kSummaries);
  if (summaries.empty()) {
    return absl::InvalidArgumentError(
        "SummarySaverHook: no summary_op given and the summaries collection is empty");
  }
  if (summaries.size() == 1) {
    summary_op_ = summaries[0]->name();
    return absl::OkStatus();
  }
  // tf.summary.merge_all(): one MergeSummary over the collection.
  std::vector<Output> inputs;
  for (Node* n : summaries) inputs.push_back(Output(n, 0, DT_STRING, PartialShape::Scalar()));
  Output merged = ops::MergeSummary(scope.WithOpName("Merge/MergeSummary"), inputs);
  RETURN_IF_ERROR(scope.status());
  summary_op_ = merged.name();
  return absl::OkStatus();
}

absl::Status SummarySaverHook::AfterCreateSession(Session* session,
                                                  Coordinator* /*coordinator*/) {
  writer_ = options_.writer;
  if (writer_ == nullptr) {
    ASSIGN_OR_RETURN(own_writer_, SummaryWriter::Create(options_.output_dir, &session->graph_def()));
    writer_ = own_writer_.get();
  }
  return absl::OkStatus();
}

absl::StatusOr<SessionRunArgs> SummarySaverHook::BeforeRun(SessionRunContext& /*context*/) {
  request_summary_ = !next_step_.has_value() || timer_.ShouldTriggerForStep(*next_step_);
  SessionRunArgs args{.fetches = {global_step_}};
  if (request_summary_) args.fetches.push_back(summary_op_);
  return args;
}

absl::Status SummarySaverHook::AfterRun(SessionRunContext& context,
                                        const SessionRunValues& values) {
  ASSIGN_OR_RETURN(int64_t stale, ScalarToInt64(values.results[0], global_step_));
  int64_t step = stale + 1;
  // The summary is stamped with the step the Run produced, read after it.
  if (!next_step_.has_value() || request_summary_) {
    ASSIGN_OR_RETURN(step, ReadInt64(*context.session(), global_step_));
  }
  if (request_summary_) {
    timer_.UpdateLastTriggeredStep(step);
    const Tensor& summary = values.results[1];
    if (summary.dtype() != DT_STRING || summary.num_elements() != 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "SummarySaverHook: '", summary_op_, "' is not a string scalar: ", summary.DebugString()));
    }
    RETURN_IF_ERROR(writer_->AddSummary(summary.data<std::string>()[0], step));
  }
  next_step_ = step + 1;
  return absl::OkStatus();
}

absl::Status SummarySaverHook::End(Session* /*session*/) {
  return writer_ != nullptr ? writer_->Flush() : absl::OkStatus();
}

}  // namespace rill
