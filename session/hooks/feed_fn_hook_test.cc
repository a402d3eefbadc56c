// Tests FeedFnHook: its feeds reach every Run (a new value each time) and its errors end the
// loop.
#include "session/hooks/feed_fn_hook.h"

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

// Records the loss of each Run (a second hook fetching "loss").
class LossRecorder : public SessionRunHook {
 public:
  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& /*context*/) override {
    return SessionRunArgs{.fetches = {"loss"}};
  }
  absl::Status AfterRun(SessionRunContext& /*context*/, const SessionRunValues& v) override {
    losses.push_back(v.results[0].ToVector<float>()[0]);
    return absl::OkStatus();
  }
  std::vector<float> losses;
};

TEST(FeedFnHookTest, FeedsEveryRun) {
  int calls = 0;
  FeedFnHook feeder([&]() -> absl::StatusOr<std::vector<Feed>> {
    ++calls;
    if (calls > 3) return absl::OutOfRangeError("input exhausted");
    return std::vector<Feed>{{"loss_scale", Tensor::Scalar(static_cast<float>(calls))}};
  });
  LossRecorder recorder;
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({&feeder, &recorder}));
  ASSERT_OK(h->CreateSession());
  EXPECT_THAT(h->Train(10), StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("exhausted")));
  // scale * x^2 with x = 3, 2.4, 1.92 (the scale also scales the gradient, so x changes too).
  ASSERT_EQ(recorder.losses.size(), 3u);
  EXPECT_FLOAT_EQ(recorder.losses[0], 9.0f);
  EXPECT_FLOAT_EQ(recorder.losses[1], 2 * 2.4f * 2.4f);
}

}  // namespace
}  // namespace rill
