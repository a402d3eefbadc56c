// Tests Range: shape table (constant and unknown inputs, errors), folding of constant ranges,
// kernel values for every dtype (incl. negative deltas, empty and fractional ranges, int64
// extremes), TensorFlow's errors, and no gradient.
#include <cstdint>
#include <limits>

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

template <typename T>
Tensor S(T v) {
  return MakeTensor<T>({}, {v});
}

TEST(RangeOpTest, ShapeTable) {
  EXPECT_THAT(InferShapesWithValues("Range", {Val(S(0)), Val(S(10)), Val(S(3))}),
              HoldsValue(ElementsAre("[4]")));
  EXPECT_THAT(InferShapesWithValues("Range", {Val(S(5.0f)), Val(S(1.0f)), Val(S(-1.5f))}),
              HoldsValue(ElementsAre("[3]")));
  EXPECT_THAT(InferShapesWithValues("Range", {Val(S(0)), Ph(DT_INT32, "[]"), Val(S(1))}),
              HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(
      InferShapesWithValues("Range", {Ph(DT_INT64, "?"), Ph(DT_INT64, "?"), Ph(DT_INT64, "?")}),
      HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferShapesWithValues("Range", {Val(S(0)), Val(S(3)), Val(S(0))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Range): Requires delta != 0: 0")));
  EXPECT_THAT(
      InferShapesWithValues("Range", {Ph(DT_INT32, "[2]"), Ph(DT_INT32, "[]"), Ph(DT_INT32, "[]")}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("start must have rank 0")));
  EXPECT_THAT(InferShapesWithValues("Range", {Val(S(true)), Val(S(true)), Val(S(true))}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Tidx")));
}

TEST(RangeOpTest, FoldsConstantIntegerRanges) {
  ASSERT_OK_AND_ASSIGN(auto inferred, InferWithValues("Range", {Val(S(1)), Val(S(7)), Val(S(2))}));
  EXPECT_EQ(inferred.values[0], "int32 [3] {1, 3, 5}");
}

TEST(RangeOpTest, Kernel) {
  ExpectOpOutput("Range", {S(0), S(5), S(1)}, {}, {MakeTensor<int32_t>({5}, {0, 1, 2, 3, 4})});
  ExpectOpOutput("Range", {S(10), S(1), S(-4)}, {}, {MakeTensor<int32_t>({3}, {10, 6, 2})});
  ExpectOpOutput("Range", {S(3), S(3), S(1)}, {}, {MakeTensor<int32_t>({0}, {})});
  ExpectOpOutput("Range", {S(int64_t{-2}), S(int64_t{2}), S(int64_t{3})}, {},
                 {MakeTensor<int64_t>({2}, {-2, 1})});
  ExpectOpOutput("Range", {S(0.5f), S(2.0f), S(0.5f)}, {},
                 {MakeTensor<float>({3}, {0.5f, 1.0f, 1.5f})});
  ExpectOpOutput("Range", {S(1.0), S(0.0), S(-0.25)}, {},
                 {MakeTensor<double>({4}, {1.0, 0.75, 0.5, 0.25})});
  // Extremes: the size is computed without overflow and the last increment wraps harmlessly.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  ExpectOpOutput("Range", {S(kMax - 1), S(kMax), S(int64_t{5})}, {},
                 {MakeTensor<int64_t>({1}, {kMax - 1})});
}

TEST(RangeOpTest, KernelErrors) {
  EXPECT_THAT(
      RunOp("Range", {S(3), S(1), S(1)}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (Range): Requires start <= limit when delta > 0: 3/1")));
  EXPECT_THAT(RunOp("Range", {S(1), S(3), S(-1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Requires start >= limit when delta < 0: 1/3")));
  EXPECT_THAT(RunOp("Range", {S(0.0f), S(std::numeric_limits<float>::infinity()), S(1.0f)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("<= 2^62")));
  EXPECT_THAT(RunOp("Range", {S(std::numeric_limits<int64_t>::min()),
                              S(std::numeric_limits<int64_t>::max()), S(int64_t{1})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("<= 2^62")));
}

TEST(RangeOpTest, HasNoGradientAndBuilds) {
  EXPECT_TRUE(OpRegistry::Global()->Find("Range")->no_gradient);
  Scope root = Scope::NewRootScope();
  Output r = ops::Range(root, ops::Const(root, 0), ops::Const(root, 4), ops::Const(root, 1));
  ASSERT_OK(root.status());
  EXPECT_EQ(r.shape().DebugString(), "[4]");
}

}  // namespace
}  // namespace rill
