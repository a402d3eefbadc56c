// Tests Size: a scalar shape, published values (known count, or 0 despite unknown dims), kernel
// values for both out_types, and no gradient.
#include <cstdint>

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
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SizeOpTest, ShapeAndPublishedValues) {
  ASSERT_OK_AND_ASSIGN(auto known, InferWithValues("Size", {Ph(DT_FLOAT, "[2,3,4]")}));
  EXPECT_THAT(known.shapes, ElementsAre("[]"));
  EXPECT_THAT(known.values, ElementsAre("int32 [] {24}"));
  ASSERT_OK_AND_ASSIGN(auto partial, InferWithValues("Size", {Ph(DT_FLOAT, "[?,3]")}));
  EXPECT_THAT(partial.values, ElementsAre(""));
  ASSERT_OK_AND_ASSIGN(auto empty, InferWithValues("Size", {Ph(DT_FLOAT, "[?,0]")},
                                                   {{"out_type", MakeAttr(DT_INT64)}}));
  EXPECT_THAT(empty.values, ElementsAre("int64 [] {0}"));
  ASSERT_OK_AND_ASSIGN(auto unknown, InferWithValues("Size", {Ph(DT_FLOAT, "?")}));
  EXPECT_THAT(unknown.values, ElementsAre(""));
  EXPECT_THAT(InferWithValues("Size", {Ph(DT_FLOAT, "[2]")}, {{"out_type", MakeAttr(DT_FLOAT)}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("out_type")));
}

TEST(SizeOpTest, Kernel) {
  ExpectOpOutput("Size", {MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6})}, {},
                 {MakeTensor<int32_t>({}, {6})});
  ExpectOpOutput("Size", {MakeTensor<int64_t>({}, {1})}, {{"out_type", MakeAttr(DT_INT64)}},
                 {MakeTensor<int64_t>({}, {1})});
  ExpectOpOutput("Size", {MakeTensor<bool>({4, 0}, {})}, {}, {MakeTensor<int32_t>({}, {0})});
}

TEST(SizeOpTest, HasNoGradientAndBuilds) {
  EXPECT_TRUE(OpRegistry::Global()->Find("Size")->no_gradient);
  Scope root = Scope::NewRootScope();
  Output n =
      ops::Size(root, ops::Placeholder(root, DT_FLOAT, {.shape = {-1}}), {.out_type = DT_INT64});
  ASSERT_OK(root.status());
  EXPECT_EQ(n.dtype(), DT_INT64);
}

}  // namespace
}  // namespace rill
