// Tests LoggingTensorHook: logs every N iterations and every N seconds (fake clock) with TF's
// format, at the end, with a custom formatter, and rejects bad options.
#include "session/hooks/logging_tensor_hook.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "session/hooks/testing/hook_harness.h"

namespace rill {
namespace {

using ::rill::testing::HookHarness;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LoggingTensorHookTest, EveryNIterations) {
  std::vector<std::string> lines;
  absl::Time now = absl::FromUnixSeconds(50);
  LoggingTensorHookOptions o;
  o.tensors = {{"step", "global_step"}, {"loss", "loss"}};
  o.every_n_iter = 2;
  o.sink = [&](const std::string& l) { lines.push_back(l); };
  o.clock = [&] { return now += absl::Milliseconds(250); };
  ASSERT_OK_AND_ASSIGN(auto hook, LoggingTensorHook::Create(o));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(5).status());
  ASSERT_OK(h->End());
  // Iterations 0, 2, 4; values read before each step's update (x: 3, 2.4, 1.92, 1.536, ...).
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "step = 0, loss = 9");
  EXPECT_THAT(lines[1], HasSubstr("step = 2, loss = 3.6864"));
  EXPECT_THAT(lines[1], HasSubstr("(0.250 sec)"));
  EXPECT_THAT(lines[2], HasSubstr("step = 4, loss = "));
}

TEST(LoggingTensorHookTest, EveryNSecondsAndAtEnd) {
  std::vector<std::string> lines;
  absl::Time now = absl::FromUnixSeconds(0);
  LoggingTensorHookOptions o;
  o.tensors = {{"step", "global_step"}};
  o.every_n_secs = 10;
  o.at_end = true;
  o.sink = [&](const std::string& l) { lines.push_back(l); };
  o.clock = [&] { return now; };
  ASSERT_OK_AND_ASSIGN(auto hook, LoggingTensorHook::Create(o));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(3).status());   // logs at iteration 0 only
  now += absl::Seconds(10);
  ASSERT_OK(h->Train(2).status());   // logs at iteration 3
  ASSERT_OK(h->End());               // and the final value
  EXPECT_THAT(lines, ElementsAre("step = 0", "step = 3 (10.000 sec)", "step = 5"));
}

TEST(LoggingTensorHookTest, CustomFormatterAndErrors) {
  std::vector<std::string> lines;
  LoggingTensorHookOptions o;
  o.tensors = {{"s", "global_step"}};
  o.every_n_iter = 1;
  o.sink = [&](const std::string& l) { lines.push_back(l); };
  o.formatter = [](const std::vector<std::pair<std::string, Tensor>>& v) {
    return "custom " + v[0].first;
  };
  ASSERT_OK_AND_ASSIGN(auto hook, LoggingTensorHook::Create(o));
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({hook.get()}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(2).status());
  EXPECT_THAT(lines, ElementsAre("custom s", "custom s"));

  EXPECT_THAT(LoggingTensorHook::Create({}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no tensors")));
  LoggingTensorHookOptions neither;
  neither.tensors = {{"s", "global_step"}};
  EXPECT_THAT(LoggingTensorHook::Create(neither),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exactly one")));
  neither.at_end = true;
  EXPECT_OK(LoggingTensorHook::Create(neither).status());
}

}  // namespace
}  // namespace rill
