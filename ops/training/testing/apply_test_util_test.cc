// Tests the Apply* test helpers: variables initialized from the inputs, several steps on one
// executor, shape inference with variables of partial shapes, and errors passed through.
#include "ops/training/testing/apply_test_util.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::training::testing {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

TEST(ApplyTestUtilTest, RunApplyOpInitializesAndSteps) {
  // AssignAdd is an update op with one ref input: 1 + 2 + 2.
  ASSERT_OK_AND_ASSIGN(
      ApplyRun run,
      RunApplyOp("AssignAdd", 1, {MakeTensor<int32_t>({1}, {1}), MakeTensor<int32_t>({1}, {2})}, {},
                 2));
  ASSERT_EQ(run.outputs.size(), 2u);
  EXPECT_THAT(run.outputs[0], TensorEq(MakeTensor<int32_t>({1}, {3})));
  EXPECT_THAT(run.outputs[1], TensorEq(MakeTensor<int32_t>({1}, {5})));
  ASSERT_EQ(run.variables.size(), 1u);
  EXPECT_THAT(run.variables[0], TensorEq(MakeTensor<int32_t>({1}, {5})));
  EXPECT_THAT(
      RunApplyOp("AssignAdd", 1, {MakeTensor<int32_t>({1}, {1}), MakeTensor<int32_t>({2}, {1, 1})}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (AssignAdd)")));
}

TEST(ApplyTestUtilTest, InferApplyShape) {
  EXPECT_THAT(InferApplyShape("AssignAdd", 1, {{DT_FLOAT, "[?,2]"}, {DT_FLOAT, "[3,?]"}}),
              HoldsValue(std::string("[3,2]")));
  EXPECT_THAT(InferApplyShape("AssignAdd", 1, {{DT_FLOAT, "[2]"}, {DT_FLOAT, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (AssignAdd)")));
  EXPECT_THAT(InferApplyShape("AssignAdd", 1, {{DT_FLOAT, "[2"}, {DT_FLOAT, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("[2")));
}

}  // namespace
}  // namespace rill::training::testing
