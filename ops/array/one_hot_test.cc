// Tests OneHot: shape table (axes, constant and unknown depth, unknown ranks, errors), kernel
// values for several index and value dtypes (out-of-range and negative indices), runtime errors,
// and that it has no gradient (as in TensorFlow).
#include <cstdint>
#include <string>

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
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs Axis(int64_t a) { return {{"axis", MakeAttr(a)}}; }
Tensor Depth(int32_t d) { return MakeTensor<int32_t>({}, {d}); }
Tensor F(float v) { return MakeTensor<float>({}, {v}); }

TEST(OneHotOpTest, ShapeTable) {
  auto infer = [](const std::string& indices, testing::InputSpec depth, int64_t axis) {
    return InferShapesWithValues(
        "OneHot", {Ph(DT_INT64, indices), depth, Ph(DT_FLOAT, "[]"), Ph(DT_FLOAT, "[]")},
        Axis(axis));
  };
  EXPECT_THAT(infer("[2,3]", Val(Depth(5)), -1), HoldsValue(ElementsAre("[2,3,5]")));
  EXPECT_THAT(infer("[2,3]", Val(Depth(5)), 0), HoldsValue(ElementsAre("[5,2,3]")));
  EXPECT_THAT(infer("[2,3]", Val(Depth(5)), 1), HoldsValue(ElementsAre("[2,5,3]")));
  EXPECT_THAT(infer("[2,3]", Val(Depth(5)), 2), HoldsValue(ElementsAre("[2,3,5]")));
  EXPECT_THAT(infer("[]", Val(Depth(4)), -1), HoldsValue(ElementsAre("[4]")));
  EXPECT_THAT(infer("[?]", Ph(DT_INT32, "[]"), -1), HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(infer("?", Val(Depth(4)), -1), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(infer("[2]", Val(Depth(4)), -2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (OneHot): axis must be >= -1")));
  EXPECT_THAT(infer("[2]", Val(Depth(4)), 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Expected axis to be -1 or between [0, 2).  But received: 2")));
  EXPECT_THAT(infer("[2]", Val(Depth(-1)), -1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("depth must be non-negative, got: -1")));
  EXPECT_THAT(infer("[2]", Ph(DT_INT32, "[1]"), -1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("depth must have rank 0")));
}

TEST(OneHotOpTest, Kernel) {
  // Indices 0, 2, 5 (out of range) and -1 (negative) with depth 3.
  ExpectOpOutput("OneHot", {MakeTensor<int64_t>({4}, {0, 2, 5, -1}), Depth(3), F(1), F(0)}, {},
                 {MakeTensor<float>({4, 3}, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0})});
  // axis 0 puts depth first: out[d][i] = (indices[i] == d).
  ExpectOpOutput("OneHot",
                 {MakeTensor<int32_t>({3}, {1, 0, 1}), Depth(2), MakeTensor<double>({}, {5}),
                  MakeTensor<double>({}, {-1})},
                 Axis(0), {MakeTensor<double>({2, 3}, {-1, 5, -1, 5, -1, 5})});
  // [2,2] indices, axis 1.
  ExpectOpOutput("OneHot",
                 {MakeTensor<uint8_t>({2, 2}, {0, 1, 1, 1}), Depth(2), MakeTensor<int32_t>({}, {7}),
                  MakeTensor<int32_t>({}, {0})},
                 Axis(1), {MakeTensor<int32_t>({2, 2, 2}, {7, 0, 0, 7, 0, 0, 7, 7})});
  ExpectOpOutput("OneHot",
                 {MakeTensor<int64_t>({}, {1}), Depth(2), MakeTensor<std::string>({}, {"on"}),
                  MakeTensor<std::string>({}, {"off"})},
                 {}, {MakeTensor<std::string>({2}, {"off", "on"})});
  ExpectOpOutput("OneHot", {MakeTensor<int64_t>({2}, {0, 1}), Depth(0), F(1), F(0)}, {},
                 {MakeTensor<float>({2, 0}, {})});
}

TEST(OneHotOpTest, KernelErrors) {
  EXPECT_THAT(RunOp("OneHot", {MakeTensor<int64_t>({1}, {0}), Depth(-2), F(1), F(0)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (OneHot): depth must be non-negative, got: -2")));
}

TEST(OneHotOpTest, HasNoGradientAndBuilds) {
  EXPECT_TRUE(OpRegistry::Global()->Find("OneHot")->no_gradient);
  Scope root = Scope::NewRootScope();
  Output labels = ops::Placeholder(root, DT_INT32, {.shape = {-1}});
  Output y =
      ops::OneHot(root, labels, ops::Const(root, 10), ops::Const(root, 1.f), ops::Const(root, 0.f));
  ASSERT_OK(root.status());
  EXPECT_EQ(y.shape().DebugString(), "[?,10]");
  EXPECT_EQ(y.node()->attrs().at("TI").type(), DT_INT32);
}

}  // namespace
}  // namespace rill
