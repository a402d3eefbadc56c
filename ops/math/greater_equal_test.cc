// Tests GreaterEqual: signature (no gradient), shape table and bool output, kernel values for every
// dtype (NaN, infinities, extremes, broadcasting).
#include <cstdint>
#include <limits>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectBinaryBroadcastShapes;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::MakeTensor;
using ::rill::testing::RunOpWithUnknownShapes;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(GreaterEqualOpTest, Signature) {
  const OpRegistration* op = Op("GreaterEqual");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "GreaterEqual(x: T, y: T) -> (z: bool); attrs: T: {float, double, int32, int64, uint8}; "
      "flags: elementwise");
  EXPECT_TRUE(op->no_gradient);
}

TEST(GreaterEqualOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("GreaterEqual", DT_FLOAT);
  ExpectBinaryBroadcastShapes("GreaterEqual", DT_INT64);
  ExpectRejectsDtype("GreaterEqual", 2, DT_BOOL);
  ExpectRejectsDtype("GreaterEqual", 2, DT_STRING);
  Scope root = Scope::NewRootScope();
  Output z = ops::GreaterEqual(root, ops::Const(root, {1, 2}), ops::Const(root, 2));
  ASSERT_OK(root.status());
  EXPECT_EQ(z.dtype(), DT_BOOL);
  EXPECT_EQ(z.shape().DebugString(), "[2]");
}

TEST(GreaterEqualOpTest, Kernel) {
  // Any comparison with NaN is false.
  ExpectOpOutput("GreaterEqual",
                 {MakeTensor<float>({6}, {1, 2, 3, kNaN, -kInf, 1}),
                  MakeTensor<float>({6}, {2, 2, 2, 1, -kInf, kNaN})},
                 {}, {MakeTensor<bool>({6}, {false, true, true, false, true, false})});
  ExpectOpOutput("GreaterEqual",
                 {MakeTensor<double>({2, 1}, {1, 3}), MakeTensor<double>({2}, {2, 3})}, {},
                 {MakeTensor<bool>({2, 2}, {false, false, true, true})});
  ExpectOpOutput(
      "GreaterEqual",
      {MakeTensor<int32_t>({3}, {kMin32, 5, 7}), MakeTensor<int32_t>({3}, {kMax32, 5, -7})}, {},
      {MakeTensor<bool>({3}, {false, true, true})});
  ExpectOpOutput("GreaterEqual",
                 {MakeTensor<int64_t>({2}, {kMin64, kMax64}), MakeTensor<int64_t>({}, {0})}, {},
                 {MakeTensor<bool>({2}, {false, true})});
  ExpectOpOutput("GreaterEqual",
                 {MakeTensor<uint8_t>({3}, {0, 255, 9}), MakeTensor<uint8_t>({3}, {255, 0, 9})}, {},
                 {MakeTensor<bool>({3}, {false, true, true})});
}

TEST(GreaterEqualOpTest, KernelChecksShapesUnknownWhileBuilding) {
  EXPECT_THAT(
      RunOpWithUnknownShapes("GreaterEqual",
                             {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})}),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          HasSubstr("node 'op' (GreaterEqual): incompatible shapes for broadcasting: [2] vs [3]")));
}

}  // namespace
}  // namespace rill
