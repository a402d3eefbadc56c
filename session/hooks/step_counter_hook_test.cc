// Tests StepCounterHook with a fake clock: steps/sec and examples/sec values, log lines and
// "global_step/sec" summaries at the right steps; option checks.
#include "session/hooks/step_counter_hook.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/event.pb.h"
#include "gtest/gtest.h"
#include "io/event_reader.h"
#include "io/file_system.h"
#include "session/hooks/testing/hook_harness.h"

namespace rill {
namespace {

using ::rill::testing::HookHarness;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(StepCounterHookTest, RatesFromTheFakeClock) {
  const std::string dir =
      io::JoinPath(io::JoinPath(::testing::TempDir(), "step_counter_hook_test"), "rates");
  std::vector<std::string> lines;
  absl::Time now = absl::FromUnixSeconds(1000);
  StepCounterHookOptions o;
  o.every_n_steps = 2;
  o.batch_size = 32;
  o.output_dir = dir;
  o.sink = [&](const std::string& l) { lines.push_back(l); };
  o.clock = [&] { return now; };
  ASSERT_OK_AND_ASSIGN(auto hook, StepCounterHook::Create(o));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  for (int i = 0; i < 5; ++i) {
    now += absl::Milliseconds(250);  // 4 steps per second
    ASSERT_OK(h->Train(1).status());
  }
  // Triggers at steps 1 (first, no rate), 3 and 5 (2 steps in 0.5 s each).
  EXPECT_THAT(lines, ElementsAre("global_step/sec: 4, examples/sec: 128",
                                 "global_step/sec: 4, examples/sec: 128"));
  EXPECT_EQ(hook->last_steps_per_sec(), 4.0);
  ASSERT_OK(h->End());  // flushes the event file

  ASSERT_OK_AND_ASSIGN(std::vector<std::string> files, io::ListDir(dir));
  ASSERT_EQ(files.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto reader, io::EventReader::Open(io::JoinPath(dir, files[0])));
  std::vector<int64_t> steps;
  Event e;
  while (reader->Next(&e).ok()) {
    if (!e.has_summary()) continue;
    steps.push_back(e.step());
    EXPECT_EQ(e.summary().value(0).tag(), "global_step/sec");
    EXPECT_EQ(e.summary().value(0).simple_value(), 4.0f);
    EXPECT_EQ(e.summary().value(1).tag(), "examples/sec");
  }
  EXPECT_THAT(steps, ElementsAre(3, 5));
}

TEST(StepCounterHookTest, Options) {
  StepCounterHookOptions o;
  o.every_n_steps = 1;
  o.every_n_secs = 1;
  EXPECT_THAT(StepCounterHook::Create(o),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  // Default: every 100 steps, no summaries without a directory or writer.
  std::vector<std::string> lines;
  absl::Time now = absl::FromUnixSeconds(0);
  StepCounterHookOptions d;
  d.sink = [&](const std::string& l) { lines.push_back(l); };
  d.clock = [&] { return now += absl::Seconds(1); };
  ASSERT_OK_AND_ASSIGN(auto hook, StepCounterHook::Create(d));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(100).status());
  EXPECT_TRUE(lines.empty());
  ASSERT_OK(h->Train(1).status());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("global_step/sec: "));
}

}  // namespace
}  // namespace rill
