// Tests FinalOpsHook: nothing runs before End; End fetches the values (with feeds and targets);
// errors carry the hook's name.
#include "session/hooks/final_ops_hook.h"

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

TEST(FinalOpsHookTest, RunsOnceAtEnd) {
  FinalOpsHook hook({"global_step", "loss"}, {}, {{"loss_scale", Tensor::Scalar(0.5f)}});
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({&hook}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->Train(2).status());
  EXPECT_TRUE(hook.final_ops_values().empty());
  ASSERT_OK(h->End());
  ASSERT_EQ(hook.final_ops_values().size(), 2u);
  EXPECT_THAT(hook.final_ops_values()[0].ToVector<int64_t>(), ElementsAre(2));
  // x = 3 * 0.8^2 = 1.92; loss = 0.5 * x^2.
  EXPECT_NEAR(hook.final_ops_values()[1].ToVector<float>()[0], 0.5 * 1.92 * 1.92, 1e-5);
}

TEST(FinalOpsHookTest, TargetsAndErrors) {
  FinalOpsHook trains({}, {"train"});
  ASSERT_OK_AND_ASSIGN(auto h, HookHarness::Create({&trains}));
  ASSERT_OK(h->CreateSession());
  ASSERT_OK(h->End());
  std::vector<Tensor> out;
  ASSERT_OK(h->session().Run({}, {"global_step"}, {}, &out));
  EXPECT_THAT(out[0].ToVector<int64_t>(), ElementsAre(1));

  FinalOpsHook bad({"nope"});
  EXPECT_THAT(bad.End(&h->session()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("FinalOpsHook")));
}

}  // namespace
}  // namespace rill
