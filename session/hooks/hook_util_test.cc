// Tests the hook helpers: finding the global step (collection, then by name, else an error
// naming the hook) and scalar conversions.
#include "session/hooks/hook_util.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "session/hooks/testing/hook_harness.h"

namespace rill {
namespace {

using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(HookUtilTest, FindsTheGlobalStep) {
  Scope s = Scope::NewRootScope();
  EXPECT_THAT(FindGlobalStep(s, "MyHook"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("Global step should be created to use MyHook")));
  ASSERT_OK(::rill::testing::BuildTrainingGraph(s));
  EXPECT_THAT(FindGlobalStep(s, "MyHook"), IsOkAndHolds(std::string("global_step")));
}

TEST(HookUtilTest, ScalarConversions) {
  EXPECT_THAT(ScalarToInt64(Tensor::Scalar<int64_t>(7), "s"), IsOkAndHolds(7));
  EXPECT_THAT(ScalarToInt64(Tensor::Scalar<int32_t>(-2), "s"), IsOkAndHolds(-2));
  EXPECT_THAT(ScalarToInt64(Tensor::Scalar<float>(1), "step"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("step must be an int32")));
  EXPECT_THAT(ScalarToDouble(Tensor::Scalar<float>(0.5f), "l"), IsOkAndHolds(0.5));
  EXPECT_THAT(ScalarToDouble(Tensor::Scalar<double>(2.0), "l"), IsOkAndHolds(2.0));
  EXPECT_THAT(ScalarToDouble(*Tensor::FromVector<float>({1, 2}, TensorShape({2})), "loss"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("loss must be a float")));
}

TEST(HookUtilTest, FormatsValuesAndWritesToTheSink) {
  EXPECT_EQ(FormatTensorValue(Tensor::Scalar<float>(0.25f)), "0.25");
  EXPECT_EQ(FormatTensorValue(Tensor::Scalar<int64_t>(7)), "7");
  EXPECT_EQ(FormatTensorValue(Tensor::Scalar<bool>(true)), "true");
  EXPECT_EQ(FormatTensorValue(Tensor::Scalar<std::string>("s")), "s");
  const Tensor v = *Tensor::FromVector<float>({1, 2}, TensorShape({2}));
  EXPECT_EQ(FormatTensorValue(v), v.DebugString());
  std::vector<std::string> lines;
  WriteLog([&](const std::string& line) { lines.push_back(line); }, "hello");
  EXPECT_EQ(lines, std::vector<std::string>{"hello"});
}

TEST(HookUtilTest, ReadInt64RunsTheSession) {
  ASSERT_OK_AND_ASSIGN(auto h, ::rill::testing::HookHarness::Create({}));
  ASSERT_OK(h->CreateSession(/*initial_steps=*/4));
  EXPECT_THAT(ReadInt64(h->session(), "global_step"), IsOkAndHolds(4));
  EXPECT_THAT(ReadInt64(h->session(), "loss"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'loss'")));
}

}  // namespace
}  // namespace rill
