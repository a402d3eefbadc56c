// MonitoredSession: default hooks, session creation with restore-or-init, the hooked Run loop
// and a clean close (see monitored_session.h). Hook order follows TensorFlow 1.15's
// monitored_session.py (MonitoredTrainingSession).
#include "session/monitored_session.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph.h"
#include "io/checkpoint_state.h"
#include "ops/training/variables.h"
#include "session/hooks/checkpoint_saver_hook.h"
#include "session/hooks/hook_runner.h"
#include "session/hooks/step_counter_hook.h"
#include "session/hooks/summary_saver_hook.h"

namespace rill {
namespace {

// TensorFlow's defaults when neither period is given.
constexpr double kDefaultSaveCheckpointSecs = 600;
constexpr int64_t kDefaultSaveSummariesSteps = 100;

}  // namespace

absl::Status MonitoredSession::BuildHooks(const Scope& scope,
                                          const MonitoredTrainingSessionOptions& o) {
  hooks_ = o.chief_only_hooks;
  if (!o.checkpoint_dir.empty()) {
    io::EventWriterOptions event_options;
    event_options.clock = o.clock;
    ASSIGN_OR_RETURN(writer_, SummaryWriter::Create(o.checkpoint_dir, nullptr, event_options));
    if (o.log_step_count_steps > 0) {
      StepCounterHookOptions counter;
      counter.every_n_steps = o.log_step_count_steps;
      counter.writer = writer_.get();
      counter.sink = o.log_sink;
      counter.clock = o.clock;
      ASSIGN_OR_RETURN(std::unique_ptr<StepCounterHook> hook, StepCounterHook::Create(counter));
      hooks_.push_back(hook.get());
      owned_hooks_.push_back(std::move(hook));
    }
    // TF's SummarySaverHook does nothing without summaries; rill's leaves it out.
    if (!scope.graph()->GetCollection(collection_keys::kSummaries).empty()) {
      SummarySaverHookOptions summaries;
      summaries.save_steps = o.save_summaries_steps;
      summaries.save_secs = o.save_summaries_secs;
      if (!summaries.save_steps && !summaries.save_secs) {
        summaries.save_steps = kDefaultSaveSummariesSteps;
      }
      summaries.writer = writer_.get();
      summaries.clock = o.clock;
      ASSIGN_OR_RETURN(std::unique_ptr<SummarySaverHook> hook,
                       SummarySaverHook::Create(summaries));
      hooks_.push_back(hook.get());
      owned_hooks_.push_back(std::move(hook));
    }
    CheckpointSaverHookOptions checkpoints;
    checkpoints.checkpoint_dir = o.checkpoint_dir;
    checkpoints.save_steps = o.save_checkpoint_steps;
    checkpoints.save_secs = o.save_checkpoint_secs;
    if (!checkpoints.save_steps && !checkpoints.save_secs) {
      checkpoints.save_secs = kDefaultSaveCheckpointSecs;
    }
    checkpoints.saver = saver_.get();
    checkpoints.clock = o.clock;
    ASSIGN_OR_RETURN(std::unique_ptr<CheckpointSaverHook> hook,
                     CheckpointSaverHook::Create(checkpoints));
    hooks_.push_back(hook.get());
    owned_hooks_.push_back(std::move(hook));
  }
  hooks_.insert(hooks_.end(), o.hooks.begin(), o.hooks.end());
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<MonitoredSession>> MonitoredSession::CreateTraining(
    const Scope& scope, MonitoredTrainingSessionOptions options) {
  RETURN_IF_ERROR(scope.status());
  auto ms = std::unique_ptr<MonitoredSession>(new MonitoredSession());
  // The Scaffold's saver: over the variables that exist now, shared by restore and the
  // CheckpointSaverHook.
  if (!options.checkpoint_dir.empty()) {
    SaverOptions saver_options;
    saver_options.max_to_keep = options.max_to_keep;
    ASSIGN_OR_RETURN(ms->saver_, Saver::Create(scope, {}, saver_options));
  }
  RETURN_IF_ERROR(ms->BuildHooks(scope, options));
  for (SessionRunHook* hook : ms->hooks_) RETURN_IF_ERROR(hook->Begin(scope));
  Operation init =
      train::GlobalVariablesInitializer(scope.WithOpName(scope.GetUniqueNameForOp("init")));
  RETURN_IF_ERROR(scope.status());
  ASSIGN_OR_RETURN(GraphDef graph, scope.ToGraphDef());
  if (ms->writer_ != nullptr) RETURN_IF_ERROR(ms->writer_->AddGraph(graph));
  ASSIGN_OR_RETURN(ms->session_, Session::Create(graph, options.session_options));

  absl::StatusOr<std::string> latest =
      options.checkpoint_dir.empty() ? absl::NotFoundError("no checkpoint_dir")
                                     : io::LatestCheckpoint(options.checkpoint_dir);
  if (latest.ok()) {
    RETURN_IF_ERROR(ms->saver_->Restore(*ms->session_, *latest));
    ms->restored_from_ = *latest;
  } else if (absl::IsNotFound(latest.status())) {
    std::vector<Tensor> out;
    RETURN_IF_ERROR(ms->session_->Run({}, {}, {init.name()}, &out));
  } else {
    return latest.status();
  }
  for (SessionRunHook* hook : ms->hooks_) {
    RETURN_IF_ERROR(hook->AfterCreateSession(ms->session_.get(), &ms->coordinator_));
  }
  return ms;
}

MonitoredSession::~MonitoredSession() = default;

absl::Status MonitoredSession::Run(const SessionRunArgs& args, std::vector<Tensor>* outputs) {
  if (closed_) return absl::FailedPreconditionError("MonitoredSession is closed");
  bool stop_requested = false;
  absl::Status status = RunWithHooks(*session_, hooks_, args, outputs, &stop_requested);
  if (absl::IsOutOfRange(status)) {
    stop_ = true;  // end of input: a clean stop
  } else if (!status.ok()) {
    stop_ = true;
    failed_ = true;
  } else if (stop_requested) {
    stop_ = true;
  }
  return status;
}

absl::Status MonitoredSession::Run(const std::vector<Feed>& feeds,
                                   const std::vector<std::string>& fetches,
                                   const std::vector<std::string>& targets,
                                   std::vector<Tensor>* outputs) {
  return Run(SessionRunArgs{.fetches = fetches, .feeds = feeds, .targets = targets}, outputs);
}

bool MonitoredSession::ShouldStop() const { return stop_ || coordinator_.ShouldStop(); }

absl::Status MonitoredSession::Close() {
  if (closed_) return absl::OkStatus();
  closed_ = true;
  absl::Status status = coordinator_.status();
  if (status.ok() && !failed_ && session_ != nullptr) {
    for (SessionRunHook* hook : hooks_) {
      status = hook->End(session_.get());
      if (!status.ok()) break;
    }
  }
  if (writer_ != nullptr) {
    absl::Status closed = writer_->Close();
    if (status.ok()) status = closed;
  }
  return status;
}

}  // namespace rill
