// Tests LogicalOr: signature (commutative, no gradient), shape table, bool-only inputs, truth
// table with broadcasting.
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
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectBinaryBroadcastShapes;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(LogicalOrOpTest, Signature) {
  const OpRegistration* op = Op("LogicalOr");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "LogicalOr(x: bool, y: bool) -> (z: bool); flags: commutative, elementwise");
  EXPECT_TRUE(op->no_gradient);
}

TEST(LogicalOrOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("LogicalOr", DT_BOOL);
  EXPECT_THAT(InferOpShapes("LogicalOr", {{DT_FLOAT, "[2]"}, {DT_BOOL, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0 (x)")));
  EXPECT_THAT(InferOpShapes("LogicalOr", {{DT_BOOL, "[2]"}, {DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 1 (y)")));
}

TEST(LogicalOrOpTest, TruthTable) {
  ExpectOpOutput("LogicalOr",
                 {MakeTensor<bool>({4}, {false, false, true, true}),
                  MakeTensor<bool>({4}, {false, true, false, true})},
                 {}, {MakeTensor<bool>({4}, {false, true, true, true})});
  // [2,1] with [2] broadcasts to [2,2].
  ExpectOpOutput("LogicalOr",
                 {MakeTensor<bool>({2, 1}, {true, false}), MakeTensor<bool>({2}, {true, false})},
                 {}, {MakeTensor<bool>({2, 2}, {true, true, true, false})});
  ExpectOpOutput("LogicalOr", {MakeTensor<bool>({0}, {}), MakeTensor<bool>({}, {true})}, {},
                 {MakeTensor<bool>({0}, {})});
}

}  // namespace
}  // namespace rill
