// Tests MonitoredSession (MonitoredTrainingSession): hook order and call counts, default hooks in
// TensorFlow's order, RequestStop through the context and the coordinator, OutOfRange as a clean
// stop with a final checkpoint, no End/final checkpoint after other errors, resume after a
// restart that continues global_step exactly and reproduces the loss curve bitwise, and the
// event file written during training.
#include "session/monitored_session.h"

#include <cstring>

#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/event.pb.h"
#include "graph/graph.h"
#include "gtest/gtest.h"
#include "io/checkpoint_state.h"
#include "io/event_reader.h"
#include "io/file_system.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/io_ops.h"
#include "ops/math_ops.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"
#include "session/hooks/checkpoint_saver_hook.h"
#include "session/hooks/feed_fn_hook.h"
#include "session/hooks/hook_util.h"
#include "session/hooks/step_counter_hook.h"
#include "session/hooks/stop_at_step_hook.h"
#include "session/hooks/summary_saver_hook.h"

namespace rill {
namespace {

using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestDir(const std::string& name) {
  return io::JoinPath(io::JoinPath(::testing::TempDir(), "monitored_session_test"), name);
}

// Linear regression y = 2x + 1 on four fixed points, trained by Adam: "loss", "train" (one
// step, increments global_step), "x_data" (a Const that can be fed), a loss summary.
absl::Status BuildModel(const Scope& s) {
  Output x = ops::Const(s.WithOpName("x_data"), {1.0f, 2.0f, 3.0f, 4.0f});
  Output y = ops::Const(s, {3.0f, 5.0f, 7.0f, 9.0f});
  train::GraphVariable w = train::CreateVariable(s.WithOpName("w"), ops::Const(s, 0.5f));
  train::GraphVariable b = train::CreateVariable(s.WithOpName("b"), ops::Const(s, 0.0f));
  ASSIGN_OR_RETURN(train::GraphVariable step, train::GetOrCreateGlobalStep(s));
  Output pred = ops::Add(s, ops::Mul(s, x, w.ref), b.ref);
  Output loss = ops::Sum(s.WithOpName("loss"), ops::Square(s, ops::Sub(s, pred, y)),
                         ops::Const(s, 0));
  train::AdamOptimizer adam({.learning_rate = 0.1});
  ASSIGN_OR_RETURN(Operation minimize, adam.Minimize(s, loss, {.global_step = step.ref}));
  ops::NoOp(s.WithOpName("train").WithControlDependencies({minimize}));
  Output summary =
      ops::ScalarSummary(s.WithOpName("loss_summary"), ops::Const(s, std::string("loss")), loss);
  s.graph()->AddToCollection(collection_keys::kSummaries, summary.node());
  return s.status();
}

// Records every call in a shared log; optionally requests a stop or fails at a Run.
class RecordingHook : public SessionRunHook {
 public:
  RecordingHook(std::string name, std::vector<std::string>* log)
      : name_(std::move(name)), log_(log) {}
  absl::Status Begin(const Scope& /*scope*/) override { return Log("Begin"); }
  absl::Status AfterCreateSession(Session* /*s*/, Coordinator* coord) override {
    coord_ = coord;
    return Log("AfterCreateSession");
  }
  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& /*context*/) override {
    RETURN_IF_ERROR(Log("BeforeRun"));
    return SessionRunArgs{.fetches = {"global_step"}};
  }
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& v) override {
    steps.push_back(v.results[0].ToVector<int64_t>()[0]);
    ++runs_;
    if (runs_ == stop_context_at) context.RequestStop();
    if (runs_ == stop_coordinator_at) coord_->RequestStop();
    if (runs_ == fail_at) return absl::InternalError("hook failure");
    return Log("AfterRun");
  }
  absl::Status End(Session* /*s*/) override { return Log("End"); }

  std::vector<int64_t> steps;  // global_step fetched by each Run (before its increment)
  int stop_context_at = -1;
  int stop_coordinator_at = -1;
  int fail_at = -1;

 private:
  absl::Status Log(const std::string& what) {
    log_->push_back(name_ + "." + what);
    return absl::OkStatus();
  }
  std::string name_;
  std::vector<std::string>* log_;
  Coordinator* coord_ = nullptr;
  int runs_ = 0;
};

// Trains until ShouldStop (or end of input); returns each Run's loss.
absl::StatusOr<std::vector<float>> TrainLoop(MonitoredSession& ms) {
  std::vector<float> losses;
  while (!ms.ShouldStop()) {
    std::vector<Tensor> out;
    absl::Status status = ms.Run({}, {"loss"}, {"train"}, &out);
    if (absl::IsOutOfRange(status)) break;
    RETURN_IF_ERROR(status);
    losses.push_back(out[0].ToVector<float>()[0]);
  }
  return losses;
}

TEST(MonitoredSessionTest, HookOrderAndCallCounts) {
  std::vector<std::string> log;
  RecordingHook chief("chief", &log), user("user", &log);
  ASSERT_OK_AND_ASSIGN(auto stop, StopAtStepHook::Create(std::nullopt, 3));
  Scope s = Scope::NewRootScope();
  ASSERT_OK(BuildModel(s));
  MonitoredTrainingSessionOptions o;
  o.chief_only_hooks = {&chief};
  o.hooks = {&user, stop.get()};
  ASSERT_OK_AND_ASSIGN(auto ms, MonitoredSession::CreateTraining(s, o));
  ASSERT_OK_AND_ASSIGN(std::vector<float> losses, TrainLoop(*ms));
  EXPECT_EQ(losses.size(), 3u);
  ASSERT_OK(ms->Close());
  EXPECT_THAT(log, ElementsAre("chief.Begin", "user.Begin", "chief.AfterCreateSession",
                               "user.AfterCreateSession", "chief.BeforeRun", "user.BeforeRun",
                               "chief.AfterRun", "user.AfterRun", "chief.BeforeRun",
                               "user.BeforeRun", "chief.AfterRun", "user.AfterRun",
                               "chief.BeforeRun", "user.BeforeRun", "chief.AfterRun",
                               "user.AfterRun", "chief.End", "user.End"));
  EXPECT_THAT(user.steps, ElementsAre(0, 1, 2));
  EXPECT_FALSE(ms->restored_from().has_value());
  ASSERT_OK(ms->Close());  // idempotent: End is not called twice
  EXPECT_EQ(log.size(), 18u);
}

TEST(MonitoredSessionTest, DefaultHooksInTensorFlowOrder) {
  std::vector<std::string> log;
  RecordingHook chief("chief", &log), user("user", &log);
  Scope s = Scope::NewRootScope();
  ASSERT_OK(BuildModel(s));
  MonitoredTrainingSessionOptions o;
  o.checkpoint_dir = TestDir("order");
  o.chief_only_hooks = {&chief};
  o.hooks = {&user};
  o.log_sink = [](const std::string&) {};
  ASSERT_OK_AND_ASSIGN(auto ms, MonitoredSession::CreateTraining(s, o));
  const std::vector<SessionRunHook*>& hooks = ms->hooks();
  ASSERT_EQ(hooks.size(), 5u);
  EXPECT_EQ(hooks[0], &chief);
  EXPECT_NE(dynamic_cast<StepCounterHook*>(hooks[1]), nullptr);
  EXPECT_NE(dynamic_cast<SummarySaverHook*>(hooks[2]), nullptr);
  EXPECT_NE(dynamic_cast<CheckpointSaverHook*>(hooks[3]), nullptr);
  EXPECT_EQ(hooks[4], &user);
  ASSERT_OK(ms->Close());
}

TEST(MonitoredSessionTest, RequestStopFromContextAndCoordinator) {
  for (bool use_coordinator : {false, true}) {
    std::vector<std::string> log;
    RecordingHook hook("h", &log);
    (use_coordinator ? hook.stop_coordinator_at : hook.stop_context_at) = 2;
    Scope s = Scope::NewRootScope();
    ASSERT_OK(BuildModel(s));
    MonitoredTrainingSessionOptions o;
    o.hooks = {&hook};
    ASSERT_OK_AND_ASSIGN(auto ms, MonitoredSession::CreateTraining(s, o));
    ASSERT_OK_AND_ASSIGN(std::vector<float> losses, TrainLoop(*ms));
    EXPECT_EQ(losses.size(), 2u) << use_coordinator;
    EXPECT_TRUE(ms->ShouldStop());
    ASSERT_OK(ms->Close());
    EXPECT_EQ(log.back(), "h.End");
  }
}

TEST(MonitoredSessionTest, OutOfRangeIsACleanStopWithAFinalCheckpoint) {
  const std::string dir = TestDir("out_of_range");
  std::vector<std::string> log;
  RecordingHook hook("h", &log);
  int batches = 0;
  FeedFnHook input([&]() -> absl::StatusOr<std::vector<Feed>> {
    if (++batches > 3) return absl::OutOfRangeError("End of sequence");
    return std::vector<Feed>{
        {"x_data", *Tensor::FromVector<float>({1, 2, 3, 4}, TensorShape({4}))}};
  });
  Scope s = Scope::NewRootScope();
  ASSERT_OK(BuildModel(s));
  MonitoredTrainingSessionOptions o;
  o.checkpoint_dir = dir;
  o.hooks = {&input, &hook};
  o.log_sink = [](const std::string&) {};
  ASSERT_OK_AND_ASSIGN(auto ms, MonitoredSession::CreateTraining(s, o));
  ASSERT_OK_AND_ASSIGN(std::vector<float> losses, TrainLoop(*ms));
  EXPECT_EQ(losses.size(), 3u);
  EXPECT_TRUE(ms->ShouldStop());
  ASSERT_OK(ms->Close());
  EXPECT_EQ(log.back(), "h.End");
  // Saved at creation (step 0) and at the end (step 3).
  ASSERT_OK_AND_ASSIGN(CheckpointState state, io::ReadCheckpointState(dir));
  EXPECT_THAT(state.all_model_checkpoint_paths(), ElementsAre("model.ckpt-0", "model.ckpt-3"));
}

TEST(MonitoredSessionTest, OtherErrorsSkipEndAndTheFinalCheckpoint) {
  const std::string dir = TestDir("error");
  std::vector<std::string> log;
  RecordingHook hook("h", &log);
  hook.fail_at = 2;
  Scope s = Scope::NewRootScope();
  ASSERT_OK(BuildModel(s));
  MonitoredTrainingSessionOptions o;
  o.checkpoint_dir = dir;
  o.hooks = {&hook};
  o.log_sink = [](const std::string&) {};
  ASSERT_OK_AND_ASSIGN(auto ms, MonitoredSession::CreateTraining(s, o));
  EXPECT_THAT(TrainLoop(*ms), StatusIs(absl::StatusCode::kInternal, HasSubstr("hook failure")));
  EXPECT_TRUE(ms->ShouldStop());
  ASSERT_OK(ms->Close());
  EXPECT_NE(log.back(), "h.End");
  ASSERT_OK_AND_ASSIGN(CheckpointState state, io::ReadCheckpointState(dir));
  EXPECT_THAT(state.all_model_checkpoint_paths(), ElementsAre("model.ckpt-0"));
}

// Trains in `dir` until global_step reaches `last_step`; returns the losses.
absl::StatusOr<std::vector<float>> TrainTo(const std::string& dir, int64_t last_step,
                                           std::optional<std::string>* restored_from,
                                           int64_t* start_step) {
  ASSIGN_OR_RETURN(auto stop, StopAtStepHook::Create(std::nullopt, last_step));
  Scope s = Scope::NewRootScope();
  RETURN_IF_ERROR(BuildModel(s));
  MonitoredTrainingSessionOptions o;
  o.checkpoint_dir = dir;
  o.hooks = {stop.get()};
  o.save_checkpoint_steps = 3;
  o.save_summaries_steps = 2;
  o.log_step_count_steps = 2;
  o.log_sink = [](const std::string&) {};
  ASSIGN_OR_RETURN(auto ms, MonitoredSession::CreateTraining(s, o));
  *restored_from = ms->restored_from();
  ASSIGN_OR_RETURN(*start_step, ReadInt64(ms->session(), "global_step"));
  ASSIGN_OR_RETURN(std::vector<float> losses, TrainLoop(*ms));
  RETURN_IF_ERROR(ms->Close());
  return losses;
}

TEST(MonitoredSessionTest, ResumeAfterRestartReproducesTheLossCurveBitwise) {
  std::optional<std::string> restored;
  int64_t start = -1;
  ASSERT_OK_AND_ASSIGN(std::vector<float> straight,
                       TrainTo(TestDir("straight"), 10, &restored, &start));
  ASSERT_EQ(straight.size(), 10u);
  EXPECT_LT(straight.back(), straight.front());  // it trains

  const std::string dir = TestDir("resumed");
  ASSERT_OK_AND_ASSIGN(std::vector<float> first, TrainTo(dir, 4, &restored, &start));
  EXPECT_FALSE(restored.has_value());
  EXPECT_EQ(start, 0);
  ASSERT_OK_AND_ASSIGN(std::vector<float> second, TrainTo(dir, 10, &restored, &start));
  EXPECT_EQ(restored, io::JoinPath(dir, "model.ckpt-4"));
  EXPECT_EQ(start, 4);  // global_step continues exactly
  std::vector<float> resumed = first;
  resumed.insert(resumed.end(), second.begin(), second.end());
  ASSERT_EQ(resumed.size(), straight.size());
  for (size_t i = 0; i < straight.size(); ++i) {
    EXPECT_EQ(std::memcmp(&resumed[i], &straight[i], sizeof(float)), 0)
        << "step " << i << ": " << resumed[i] << " vs " << straight[i];
  }
}

TEST(MonitoredSessionTest, WritesAnEventFileWhileTraining) {
  const std::string dir = TestDir("events");
  std::optional<std::string> restored;
  int64_t start = 0;
  ASSERT_OK(TrainTo(dir, 5, &restored, &start).status());
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> files, io::ListDir(dir));
  std::vector<std::string> events;
  for (const std::string& f : files) {
    if (f.find("events.out.tfevents.") == 0) events.push_back(f);  // one per MonitoredSession
  }
  ASSERT_EQ(events.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto reader, io::EventReader::Open(io::JoinPath(dir, events[0])));
  Event e;
  bool graph = false;
  std::vector<int64_t> loss_steps;
  std::vector<int64_t> rate_steps;
  while (reader->Next(&e).ok()) {
    graph |= e.has_graph_def();
    for (const auto& v : e.summary().value()) {
      if (v.tag() == "loss") loss_steps.push_back(e.step());
      if (v.tag() == "global_step/sec") rate_steps.push_back(e.step());
    }
  }
  EXPECT_TRUE(graph);
  EXPECT_THAT(loss_steps, ElementsAre(1, 3, 5));
  EXPECT_THAT(rate_steps, ElementsAre(3, 5));
}

TEST(MonitoredSessionTest, CreateErrors) {
  Scope s = Scope::NewRootScope();
  ASSERT_OK(BuildModel(s));
  ASSERT_OK_AND_ASSIGN(auto needs_step, StopAtStepHook::Create(1, std::nullopt));
  MonitoredTrainingSessionOptions o;
  o.save_checkpoint_steps = 1;
  o.save_checkpoint_secs = 1;
  o.checkpoint_dir = TestDir("create_errors");
  EXPECT_THAT(MonitoredSession::CreateTraining(s, o),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  Scope empty = Scope::NewRootScope();
  MonitoredTrainingSessionOptions hooked;
  hooked.hooks = {needs_step.get()};
  EXPECT_THAT(MonitoredSession::CreateTraining(empty, hooked),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("StopAtStepHook")));
}

}  // namespace
}  // namespace rill
