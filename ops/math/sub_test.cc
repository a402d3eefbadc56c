// Tests Sub: signature, shape table, kernel values for every dtype (wrap-around, broadcasting),
// and the gradient against central differences.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectBinaryBroadcastShapes;
using ::rill::testing::ExpectBinaryGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::MakeTensor;

TEST(SubOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Sub");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Sub(x: T, y: T) -> (z: T); attrs: T: {float, double, uint8, int32, int64}; "
            "flags: elementwise");
}

TEST(SubOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("Sub", DT_FLOAT);
  ExpectBinaryBroadcastShapes("Sub", DT_INT64);
  ExpectRejectsDtype("Sub", 2, DT_BOOL);
  ExpectRejectsDtype("Sub", 2, DT_STRING);
}

TEST(SubOpTest, Kernel) {
  ExpectOpOutput("Sub", {MakeTensor<float>({3}, {3, 1, 0.5f}), MakeTensor<float>({}, {1})}, {},
                 {MakeTensor<float>({3}, {2, 0, -0.5f})});
  ExpectOpOutput("Sub", {MakeTensor<double>({2, 1}, {10, 20}), MakeTensor<double>({3}, {1, 2, 3})},
                 {}, {MakeTensor<double>({2, 3}, {9, 8, 7, 19, 18, 17})});
  ExpectOpOutput("Sub",
                 {MakeTensor<int32_t>({2}, {5, -2147483647 - 1}), MakeTensor<int32_t>({2}, {7, 1})},
                 {}, {MakeTensor<int32_t>({2}, {-2, 2147483647})});  // wraps around
  ExpectOpOutput("Sub", {MakeTensor<int64_t>({}, {1}), MakeTensor<int64_t>({2}, {3, -4})}, {},
                 {MakeTensor<int64_t>({2}, {-2, 5})});
  ExpectOpOutput("Sub", {MakeTensor<uint8_t>({2}, {1, 200}), MakeTensor<uint8_t>({2}, {2, 100})},
                 {}, {MakeTensor<uint8_t>({2}, {255, 100})});
  ExpectOpOutput("Sub", {MakeTensor<float>({0, 2}, {}), MakeTensor<float>({2}, {1, 2})}, {},
                 {MakeTensor<float>({0, 2}, {})});
}

TEST(SubOpTest, Gradient) { ExpectBinaryGradients("Sub", {}, {}); }

}  // namespace
}  // namespace rill
