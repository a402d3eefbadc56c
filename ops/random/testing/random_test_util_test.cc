// Tests the random op test helpers: multi-step runs on one executor and sample moments.
#include "ops/random/testing/random_test_util.h"

#include "base/status_matchers.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::random::testing {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(RandomTestUtilTest, SampleMoments) {
  const Moments m = SampleMoments(MakeTensor<float>({4}, {1, 2, 3, 6}));
  EXPECT_DOUBLE_EQ(m.mean, 3.0);
  EXPECT_DOUBLE_EQ(m.variance, 3.5);  // (4 + 1 + 0 + 9) / 4
  EXPECT_EQ(m.min, 1.0);
  EXPECT_EQ(m.max, 6.0);
  const Moments empty = SampleMoments(MakeTensor<int32_t>({0}, {}));
  EXPECT_EQ(empty.mean, 0.0);
}

TEST(RandomTestUtilTest, RunStepsUsesOneExecutorAndNamesTheNode) {
  // A Const is the same at every step; the node gets the requested name.
  std::string built_name;
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> steps, RunSteps(
                                                      [&](const Scope& s, const ops::RandomAttrs&) {
                                                        Output c = ops::Const(s, {1.5f});
                                                        built_name = c.name();
                                                        return c;
                                                      },
                                                      {}, 3, {}, "named"));
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(built_name, "named");
  EXPECT_TRUE(steps[0].BitwiseEqual(steps[2]));
  // Builder errors come back.
  EXPECT_THAT(RunSteps(
                  [](const Scope& s, const ops::RandomAttrs&) {
                    return ops::Reshape(s, ops::Const(s, {1.f, 2.f}), ops::Const(s, {3}));
                  },
                  {}, 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Reshape")));
}

}  // namespace
}  // namespace rill::random::testing
