// Tests NanTensorHook: passes finite losses, fails on NaN (naming the tensor) or logs and stops.
#include "session/hooks/nan_tensor_hook.h"

#include <limits>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "session/hooks/testing/hook_harness.h"

namespace rill {
namespace {

using ::rill::testing::HookHarness;
using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

SessionRunArgs NanLoss() {
  return {.feeds = {{"loss_scale", Tensor::Scalar(std::numeric_limits<float>::quiet_NaN())}}};
}

TEST(NanTensorHookTest, FinitePassesNanFails) {
  NanTensorHook hook("loss");
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({&hook}));
  ASSERT_OK(h->CreateSession());
  EXPECT_THAT(h->Train(3), IsOkAndHolds(3));
  EXPECT_THAT(h->Train(3, NanLoss()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("NaN loss during training. (tensor 'loss')")));
}

TEST(NanTensorHookTest, LogsAndStopsWhenNotFailing) {
  std::vector<std::string> lines;
  NanTensorHook hook("loss", /*fail_on_nan_loss=*/false,
                     [&](const std::string& l) { lines.push_back(l); });
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({&hook}));
  ASSERT_OK(h->CreateSession());
  EXPECT_THAT(h->Train(5, NanLoss()), IsOkAndHolds(1));
  EXPECT_TRUE(h->stop_requested());
  EXPECT_THAT(lines, ElementsAre("Model diverged with loss = NaN."));
}

TEST(NanTensorHookTest, RejectsNonScalarLoss) {
  NanTensorHook hook("global_step");
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({&hook}));
  ASSERT_OK(h->CreateSession());
  EXPECT_THAT(h->Train(1), StatusIs(absl::StatusCode::kInvalidArgument,
                                    HasSubstr("loss 'global_step' must be a float")));
}

}  // namespace
}  // namespace rill
