// Tests ShapeN: shapes and published values (full and partial), kernel values, int32 overflow,
// and that it has no gradient (shapes are integers).
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
using ::rill::testing::InferWithValues;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs NT(int n, DataType out = DT_INT32) {
  return {{"N", MakeAttr(n)}, {"T", MakeAttr(DT_FLOAT)}, {"out_type", MakeAttr(out)}};
}

TEST(ShapeNOpTest, ShapesAndPublishedValues) {
  ASSERT_OK_AND_ASSIGN(
      auto inferred,
      InferWithValues("ShapeN", {Ph(DT_FLOAT, "[2,3]"), Ph(DT_FLOAT, "[?,4]"), Ph(DT_FLOAT, "?")},
                      NT(3)));
  EXPECT_THAT(inferred.shapes, ElementsAre("[2]", "[2]", "[?]"));
  EXPECT_THAT(inferred.values, ElementsAre("int32 [2] {2, 3}", "", ""));
  EXPECT_THAT(inferred.shape_values, ElementsAre("[2,3]", "[?,4]", ""));
  ASSERT_OK_AND_ASSIGN(auto wide, InferWithValues("ShapeN", {Ph(DT_FLOAT, "[]")}, NT(1, DT_INT64)));
  EXPECT_THAT(wide.values, ElementsAre("int64 [0] {}"));
  EXPECT_THAT(InferWithValues("ShapeN", {Ph(DT_FLOAT, "[2]"), Ph(DT_INT32, "[2]")}, NT(2)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 1")));
}

TEST(ShapeNOpTest, Kernel) {
  ExpectOpOutput("ShapeN", {MakeTensor<float>({2, 1}, {1, 2}), MakeTensor<float>({}, {3})}, NT(2),
                 {MakeTensor<int32_t>({2}, {2, 1}), MakeTensor<int32_t>({0}, {})});
  ExpectOpOutput("ShapeN", {MakeTensor<float>({0, 5}, {})}, NT(1, DT_INT64),
                 {MakeTensor<int64_t>({2}, {0, 5})});
}

TEST(ShapeNOpTest, HasNoGradientAndBuilds) {
  EXPECT_TRUE(OpRegistry::Global()->Find("ShapeN")->no_gradient);
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 2}});
  std::vector<Output> shapes = ops::ShapeN(root, {a, a}, {.out_type = DT_INT64});
  ASSERT_OK(root.status());
  ASSERT_EQ(shapes.size(), 2u);
  EXPECT_EQ(shapes[1].dtype(), DT_INT64);
  // Reshape(y, ShapeN(...)[i]) keeps the known dims.
  Output y = ops::Placeholder(root, DT_FLOAT, {});
  EXPECT_EQ(ops::Reshape(root, y, shapes[0]).shape().DebugString(), "[?,2]");
}

}  // namespace
}  // namespace rill
