// Tests LogicalNot: signature (no gradient), shape table, bool-only input, values.
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

using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectUnaryShapes;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(LogicalNotOpTest, Signature) {
  const OpRegistration* op = Op("LogicalNot");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op), "LogicalNot(x: bool) -> (y: bool); flags: elementwise");
  EXPECT_TRUE(op->no_gradient);
}

TEST(LogicalNotOpTest, Shapes) {
  ExpectUnaryShapes("LogicalNot", DT_BOOL);
  EXPECT_THAT(InferOpShapes("LogicalNot", {{DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0 (x)")));
}

TEST(LogicalNotOpTest, Kernel) {
  ExpectOpOutput("LogicalNot", {MakeTensor<bool>({2, 2}, {true, false, false, true})}, {},
                 {MakeTensor<bool>({2, 2}, {false, true, true, false})});
  ExpectOpOutput("LogicalNot", {MakeTensor<bool>({}, {false})}, {}, {MakeTensor<bool>({}, {true})});
}

}  // namespace
}  // namespace rill
