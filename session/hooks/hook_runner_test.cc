// Tests RunWithHooks: BeforeRun/AfterRun order across hooks, each hook gets exactly its own
// fetches, hook feeds and targets are applied, feed collisions are errors, RequestStop
// propagates, and a failed Run skips AfterRun.
#include "session/hooks/hook_runner.h"

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

// Records its calls in a shared log; asks for `args` and keeps what it gets back.
class RecordingHook : public SessionRunHook {
 public:
  RecordingHook(std::string name, std::vector<std::string>* log, SessionRunArgs args = {},
                bool stop = false)
      : name_(std::move(name)), log_(log), args_(std::move(args)), stop_(stop) {}

  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& /*context*/) override {
    log_->push_back(name_ + ".BeforeRun");
    return args_;
  }
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& values) override {
    log_->push_back(name_ + ".AfterRun");
    results = values.results;
    if (stop_) context.RequestStop();
    return absl::OkStatus();
  }

  std::vector<Tensor> results;

 private:
  std::string name_;
  std::vector<std::string>* log_;
  SessionRunArgs args_;
  bool stop_;
};

TEST(HookRunnerTest, OrderFetchesAndFeeds) {
  std::vector<std::string> log;
  RecordingHook a("a", &log, {.fetches = {"global_step", "loss"}});
  RecordingHook b("b", &log, {.fetches = {"loss"}, .feeds = {{"loss_scale", Tensor::Scalar(2.0f)}}});
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({}));
  ASSERT_OK(h->CreateSession());
  std::vector<Tensor> out;
  bool stop = true;
  SessionRunArgs args{.fetches = {"x"}, .targets = {"train"}};
  std::vector<SessionRunHook*> hooks = {&a, &b};
  ASSERT_OK(RunWithHooks(h->session(), hooks, args, &out, &stop));
  EXPECT_FALSE(stop);
  EXPECT_THAT(log, ElementsAre("a.BeforeRun", "b.BeforeRun", "a.AfterRun", "b.AfterRun"));
  ASSERT_EQ(out.size(), 1u);  // only the caller's fetch
  EXPECT_THAT(out[0].ToVector<float>(), ElementsAre(3.0f));  // x read before the update
  ASSERT_EQ(a.results.size(), 2u);
  EXPECT_THAT(a.results[0].ToVector<int64_t>(), ElementsAre(0));
  // b's feed scales the loss for everyone in this Run: 2 * 3^2.
  EXPECT_THAT(a.results[1].ToVector<float>(), ElementsAre(18.0f));
  ASSERT_EQ(b.results.size(), 1u);
  EXPECT_THAT(b.results[0].ToVector<float>(), ElementsAre(18.0f));
}

TEST(HookRunnerTest, HookTargetsRunAndStopPropagates) {
  std::vector<std::string> log;
  RecordingHook trainer("t", &log, {.targets = {"train"}}, /*stop=*/true);
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({}));
  ASSERT_OK(h->CreateSession());
  std::vector<Tensor> out;
  bool stop = false;
  std::vector<SessionRunHook*> hooks = {&trainer};
  ASSERT_OK(RunWithHooks(h->session(), hooks, {.fetches = {"global_step"}}, &out, &stop));
  EXPECT_TRUE(stop);
  ASSERT_OK(h->session().Run({}, {"global_step"}, {}, &out));
  EXPECT_THAT(out[0].ToVector<int64_t>(), ElementsAre(1));
}

TEST(HookRunnerTest, FeedCollisionsAndRunErrors) {
  std::vector<std::string> log;
  RecordingHook feeder("f", &log, {.feeds = {{"loss_scale:0", Tensor::Scalar(2.0f)}}});
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({}));
  ASSERT_OK(h->CreateSession());
  std::vector<Tensor> out;
  bool stop = false;
  std::vector<SessionRunHook*> hooks = {&feeder};
  EXPECT_THAT(RunWithHooks(h->session(), hooks,
                           {.fetches = {"loss"}, .feeds = {{"loss_scale", Tensor::Scalar(1.0f)}}},
                           &out, &stop),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feed 'loss_scale:0' is given by both the caller and hook 0")));
  log.clear();
  EXPECT_THAT(RunWithHooks(h->session(), hooks, {.fetches = {"nope"}}, &out, &stop),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(log, ElementsAre("f.BeforeRun"));
}

}  // namespace
}  // namespace rill
