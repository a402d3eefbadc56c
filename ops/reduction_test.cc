// Tests reduction planning (axes validation, kept and output shapes) and the reduced index walk.
#include "ops/reduction.h"

#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ReductionTest, Plans) {
  auto plan = MakeReductionPlan(TensorShape({2, 3, 4}), MakeTensor<int32_t>({2}, {-1, 0}), false);
  ASSERT_OK(plan);
  EXPECT_THAT(plan->reduced, ElementsAre(true, false, true));
  EXPECT_EQ(plan->kept_shape, TensorShape({1, 3, 1}));
  EXPECT_EQ(plan->output_shape, TensorShape({3}));
  EXPECT_EQ(plan->reduced_count, 8);
  plan = MakeReductionPlan(TensorShape({2, 3}), MakeTensor<int64_t>({}, {1}), true);
  ASSERT_OK(plan);
  EXPECT_EQ(plan->output_shape, TensorShape({2, 1}));
  plan = MakeReductionPlan(TensorShape({2, 3}), MakeTensor<int32_t>({0}, {}), false);
  ASSERT_OK(plan);
  EXPECT_EQ(plan->output_shape, TensorShape({2, 3}));
  EXPECT_EQ(plan->reduced_count, 1);
  EXPECT_THAT(MakeReductionPlan(TensorShape({2}), MakeTensor<int32_t>({}, {1}), false),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid reduction axis 1 for input of rank 1")));
  EXPECT_THAT(MakeReductionPlan(TensorShape({2}), MakeTensor<int32_t>({1, 1}, {0}), false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar or vector")));
  EXPECT_THAT(MakeReductionPlan(TensorShape({2}), MakeTensor<float>({1}, {0}), false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("int32 or int64")));
}

TEST(ReductionTest, WalkMapsInputsToOutputs) {
  const TensorShape in({2, 3});
  auto plan = MakeReductionPlan(in, MakeTensor<int32_t>({1}, {0}), false);
  ASSERT_OK(plan);
  std::vector<int64_t> out_index;
  ForEachReduced(in, *plan, [&](int64_t i, int64_t o) {
    EXPECT_EQ(i, static_cast<int64_t>(out_index.size()));
    out_index.push_back(o);
  });
  EXPECT_THAT(out_index, ElementsAre(0, 1, 2, 0, 1, 2));
  plan = MakeReductionPlan(in, MakeTensor<int32_t>({1}, {1}), true);
  ASSERT_OK(plan);
  out_index.clear();
  ForEachReduced(in, *plan, [&](int64_t, int64_t o) { out_index.push_back(o); });
  EXPECT_THAT(out_index, ElementsAre(0, 0, 0, 1, 1, 1));
}

}  // namespace
}  // namespace rill
