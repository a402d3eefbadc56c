// Tests InvertPermutation: shapes, constant folding, kernel values and errors, no gradient.
#include <cstdint>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectOpOutput;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::InferWithValues;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(InvertPermutationOpTest, ShapeTable) {
  EXPECT_THAT(InferShapesWithValues("InvertPermutation", {Ph(DT_INT32, "[4]")}),
              HoldsValue(ElementsAre("[4]")));
  EXPECT_THAT(InferShapesWithValues("InvertPermutation", {Ph(DT_INT64, "[?]")}),
              HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferShapesWithValues("InvertPermutation", {Ph(DT_INT32, "?")}),
              HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferShapesWithValues("InvertPermutation", {Ph(DT_INT32, "[2,2]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("x must have rank 1")));
  EXPECT_THAT(InferShapesWithValues("InvertPermutation", {Ph(DT_FLOAT, "[2]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T'")));
}

TEST(InvertPermutationOpTest, FoldsConstants) {
  ASSERT_OK_AND_ASSIGN(auto inferred, InferWithValues("InvertPermutation",
                                                      {Val(MakeTensor<int32_t>({3}, {2, 0, 1}))}));
  EXPECT_EQ(inferred.values[0], "int32 [3] {1, 2, 0}");
}

TEST(InvertPermutationOpTest, Kernel) {
  ExpectOpOutput("InvertPermutation", {MakeTensor<int32_t>({5}, {3, 4, 0, 2, 1})}, {},
                 {MakeTensor<int32_t>({5}, {2, 4, 3, 0, 1})});
  ExpectOpOutput("InvertPermutation", {MakeTensor<int64_t>({2}, {1, 0})}, {},
                 {MakeTensor<int64_t>({2}, {1, 0})});
  ExpectOpOutput("InvertPermutation", {MakeTensor<int32_t>({0}, {})}, {},
                 {MakeTensor<int32_t>({0}, {})});
  EXPECT_THAT(RunOp("InvertPermutation", {MakeTensor<int32_t>({3}, {0, 3, 1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (InvertPermutation): 3 is not between 0 and 3")));
  EXPECT_THAT(RunOp("InvertPermutation", {MakeTensor<int32_t>({3}, {0, 1, 1})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1 is duplicated")));
}

TEST(InvertPermutationOpTest, HasNoGradient) {
  const OpRegistration* op = OpRegistry::Global()->Find("InvertPermutation");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->no_gradient);
  Scope root = Scope::NewRootScope();
  Output y = ops::InvertPermutation(root, ops::Const(root, {1, 0}));
  ASSERT_OK(root.status());
  EXPECT_EQ(y.shape().DebugString(), "[2]");
}

}  // namespace
}  // namespace rill
