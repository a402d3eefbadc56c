// Tests Rank: a scalar shape, the value published when the rank is known, kernel values for
// several dtypes, and no gradient.
#include <cstdint>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectOpOutput;
using ::rill::testing::InferWithValues;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::testing::ElementsAre;

TEST(RankOpTest, ShapeAndPublishedValue) {
  ASSERT_OK_AND_ASSIGN(auto known, InferWithValues("Rank", {Ph(DT_FLOAT, "[?,3,?]")}));
  EXPECT_THAT(known.shapes, ElementsAre("[]"));
  EXPECT_THAT(known.values, ElementsAre("int32 [] {3}"));
  ASSERT_OK_AND_ASSIGN(auto unknown, InferWithValues("Rank", {Ph(DT_STRING, "?")}));
  EXPECT_THAT(unknown.shapes, ElementsAre("[]"));
  EXPECT_THAT(unknown.values, ElementsAre(""));
}

TEST(RankOpTest, Kernel) {
  ExpectOpOutput("Rank", {MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6})}, {},
                 {MakeTensor<int32_t>({}, {2})});
  ExpectOpOutput("Rank", {MakeTensor<std::string>({}, {"s"})}, {}, {MakeTensor<int32_t>({}, {0})});
  ExpectOpOutput("Rank", {MakeTensor<bool>({0, 1, 0}, {})}, {}, {MakeTensor<int32_t>({}, {3})});
}

TEST(RankOpTest, HasNoGradientAndBuilds) {
  EXPECT_TRUE(OpRegistry::Global()->Find("Rank")->no_gradient);
  Scope root = Scope::NewRootScope();
  Output r = ops::Rank(root, ops::Placeholder(root, DT_DOUBLE, {.shape = {-1, 4}}));
  ASSERT_OK(root.status());
  EXPECT_EQ(r.dtype(), DT_INT32);
}

}  // namespace
}  // namespace rill
