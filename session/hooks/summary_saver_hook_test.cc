// Tests SummarySaverHook: writes the loss summary every N steps at the post-step global step
// into an event file (with the graph) read back by io's EventReader; merges several summaries;
// time-based saving with a fake clock; bad options.
#include "session/hooks/summary_saver_hook.h"

#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/event.pb.h"
#include "gtest/gtest.h"
#include "io/event_reader.h"
#include "io/file_system.h"
#include "ops/array_ops.h"
#include "ops/io_ops.h"
#include "ops/training/variables.h"
#include "session/hooks/testing/hook_harness.h"

namespace rill {
namespace {

using ::rill::testing::HookHarness;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestDir(const std::string& name) {
  return io::JoinPath(io::JoinPath(::testing::TempDir(), "summary_saver_hook_test"), name);
}

// (step, tags) of every summary event in the only event file of `dir`; also whether a graph
// event came first.
struct Logged {
  bool graph_first = false;
  std::vector<std::pair<int64_t, std::vector<std::string>>> summaries;
};

absl::StatusOr<Logged> ReadDir(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<std::string> files, io::ListDir(dir));
  if (files.size() != 1) return absl::InternalError(absl::StrCat(files.size(), " files"));
  ASSIGN_OR_RETURN(auto reader, io::EventReader::Open(io::JoinPath(dir, files[0])));
  Logged logged;
  Event e;
  int index = 0;
  while (true) {
    absl::Status s = reader->Next(&e);
    if (absl::IsOutOfRange(s)) break;
    RETURN_IF_ERROR(s);
    if (index++ == 1) logged.graph_first = e.has_graph_def();
    if (!e.has_summary()) continue;
    std::vector<std::string> tags;
    for (const auto& v : e.summary().value()) tags.push_back(v.tag());
    logged.summaries.emplace_back(e.step(), tags);
  }
  return logged;
}

TEST(SummarySaverHookTest, EveryNStepsAtThePostStepGlobalStep) {
  const std::string dir = TestDir("steps");
  SummarySaverHookOptions o;
  o.output_dir = dir;
  o.save_steps = 2;
  ASSERT_OK_AND_ASSIGN(auto hook, SummarySaverHook::Create(o));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  EXPECT_EQ(hook->summary_op(), "loss_summary");
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(5).status());
  ASSERT_OK(h->End());
  ASSERT_OK_AND_ASSIGN(Logged logged, ReadDir(dir));
  EXPECT_TRUE(logged.graph_first);
  using Entry = std::pair<int64_t, std::vector<std::string>>;
  EXPECT_THAT(logged.summaries, ElementsAre(Entry{1, {"loss"}}, Entry{3, {"loss"}},
                                            Entry{5, {"loss"}}));
}

TEST(SummarySaverHookTest, MergesTheCollectionAndSavesBySeconds) {
  const std::string dir = TestDir("secs");
  absl::Time now = absl::FromUnixSeconds(0);
  SummarySaverHookOptions o;
  o.output_dir = dir;
  o.save_secs = 30;
  o.clock = [&] { return now; };
  ASSERT_OK_AND_ASSIGN(auto hook, SummarySaverHook::Create(o));
  Scope s = Scope::NewRootScope();
  ASSERT_OK(::rill::testing::BuildTrainingGraph(s));
  // A second summary in the collection makes the hook merge them.
  Output step_summary = ops::ScalarSummary(s.WithOpName("step_summary"),
                                           ops::Const(s, std::string("x")),
                                           ops::Const(s, 1.5f));
  s.graph()->AddToCollection(collection_keys::kSummaries, step_summary.node());
  ASSERT_OK(hook->Begin(s));
  EXPECT_EQ(hook->summary_op(), "Merge/MergeSummary");
  ASSERT_OK_AND_ASSIGN(GraphDef graph, s.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph));
  std::vector<Tensor> out;
  ASSERT_OK(session->Run({}, {}, {"init"}, &out));
  ASSERT_OK(hook->AfterCreateSession(session.get(), nullptr));
  std::vector<SessionRunHook*> hooks = {hook.get()};
  for (int i = 0; i < 4; ++i) {
    if (i == 3) now += absl::Seconds(30);
    SessionRunContext context({}, session.get());
    ASSERT_OK_AND_ASSIGN(SessionRunArgs args, hook->BeforeRun(context));
    args.targets.push_back("train");
    SessionRunValues values;
    ASSERT_OK(session->Run(args.feeds, args.fetches, args.targets, &values.results));
    ASSERT_OK(hook->AfterRun(context, values));
  }
  ASSERT_OK(hook->End(session.get()));
  ASSERT_OK_AND_ASSIGN(Logged logged, ReadDir(dir));
  using Entry = std::pair<int64_t, std::vector<std::string>>;
  EXPECT_THAT(logged.summaries,
              ElementsAre(Entry{1, {"loss", "x"}}, Entry{4, {"loss", "x"}}));
}

TEST(SummarySaverHookTest, Errors) {
  SummarySaverHookOptions o;
  o.save_steps = 1;
  EXPECT_THAT(SummarySaverHook::Create(o),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("output_dir")));
  o.output_dir = TestDir("errors");
  o.save_secs = 1;
  EXPECT_THAT(SummarySaverHook::Create(o),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  o.save_secs.reset();
  ASSERT_OK_AND_ASSIGN(auto hook, SummarySaverHook::Create(o));
  Scope s = Scope::NewRootScope();
  ASSERT_OK(train::GetOrCreateGlobalStep(s).status());
  EXPECT_THAT(hook->Begin(s), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("summaries collection is empty")));
}

}  // namespace
}  // namespace rill
