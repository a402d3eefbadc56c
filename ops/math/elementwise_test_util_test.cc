// Tests the element-wise test helpers on core ops (Relu, AddV2, Mul, StopGradient), including
// that they fail when the op does not behave as the table says.
#include "ops/math/elementwise_test_util.h"

#include <functional>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

using ::testing::HasSubstr;

// How many gtest failures `fn` reports (intercepted: they do not fail this test).
int CountFailures(const std::function<void()>& fn) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    fn();
  }
  return results.size();
}

TEST(ElementwiseTestUtilTest, UnaryTablesPassForRelu) {
  ExpectUnaryShapes("Relu", DT_FLOAT);
  ExpectRejectsDtype("Relu", 1, DT_BOOL);
  ExpectUnaryGradients("Relu", {.lo = -2, .hi = 2, .min_abs = 0.1});
}

TEST(ElementwiseTestUtilTest, BinaryTablesPassForAddV2AndMul) {
  ExpectBinaryBroadcastShapes("AddV2", DT_DOUBLE);
  ExpectBinaryGradients("Mul", {}, {});
}

TEST(ElementwiseTestUtilTest, HelpersFailWhenTheOpDisagrees) {
  // AddV2 accepts float and has two inputs, so these expectations must fail.
  EXPECT_NONFATAL_FAILURE(ExpectRejectsDtype("AddV2", 2, DT_FLOAT), "AddV2 with float");
  EXPECT_GT(CountFailures([] { ExpectUnaryShapes("AddV2", DT_FLOAT); }), 0);
  // MatMul does not broadcast.
  EXPECT_GT(CountFailures([] { ExpectBinaryBroadcastShapes("MatMul", DT_FLOAT); }), 0);
  // No gradient flows through StopGradient, but numerically its output moves with its input.
  EXPECT_GT(CountFailures([] { ExpectUnaryGradients("StopGradient", {}); }), 0);
}

TEST(ElementwiseTestUtilTest, RunOpWithUnknownShapesLeavesShapeChecksToTheKernel) {
  absl::StatusOr<std::vector<Tensor>> sum =
      RunOpWithUnknownShapes("AddV2", {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({}, {3})});
  ASSERT_OK(sum.status());
  EXPECT_THAT((*sum)[0], TensorEq(MakeTensor<float>({2}, {4, 5})));
  // [2] + [3] passes shape inference (unknown shapes) and fails in the kernel, naming the node.
  EXPECT_THAT(RunOpWithUnknownShapes(
                  "AddV2", {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (AddV2): incompatible shapes for broadcasting")));
}

}  // namespace
}  // namespace rill::testing
