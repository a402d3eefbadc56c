// Tests SquaredDifference: signature (commutative), shape table, kernel values for every dtype,
// and the gradient against central differences.
#include <cstdint>
#include <limits>
#include <vector>

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
constexpr float kInf = std::numeric_limits<float>::infinity();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SquaredDifferenceOpTest, Signature) {
  const OpRegistration* op = Op("SquaredDifference");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "SquaredDifference(x: T, y: T) -> (z: T); attrs: T: {float, double, int32, int64}; "
            "flags: commutative, elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(SquaredDifferenceOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("SquaredDifference", DT_FLOAT);
  ExpectRejectsDtype("SquaredDifference", 2, DT_UINT8);
  ExpectRejectsDtype("SquaredDifference", 2, DT_BOOL);
}

TEST(SquaredDifferenceOpTest, Kernel) {
  ExpectOpOutput("SquaredDifference",
                 {MakeTensor<float>({3}, {3, -1, kInf}), MakeTensor<float>({}, {1})}, {},
                 {MakeTensor<float>({3}, {4, 4, kInf})});
  ExpectOpOutput("SquaredDifference",
                 {MakeTensor<double>({2, 1}, {0.5, 2}), MakeTensor<double>({2}, {1, -1})}, {},
                 {MakeTensor<double>({2, 2}, {0.25, 2.25, 1, 9})});
  ExpectOpOutput("SquaredDifference",
                 {MakeTensor<int32_t>({2}, {7, 65536}), MakeTensor<int32_t>({2}, {-3, 0})}, {},
                 {MakeTensor<int32_t>({2}, {100, 0})});  // 2^32 wraps to 0
  ExpectOpOutput("SquaredDifference", {MakeTensor<int64_t>({}, {-5}), MakeTensor<int64_t>({}, {5})},
                 {}, {MakeTensor<int64_t>({}, {100})});
}

TEST(SquaredDifferenceOpTest, Gradient) { ExpectBinaryGradients("SquaredDifference", {}, {}); }

}  // namespace
}  // namespace rill
