// Tests Add and AddV2: signatures and flags, a NumPy broadcasting table, dtype errors, builders.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/shape_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AddOpTest, Signatures) {
  const OpRegistration* add = OpRegistry::Global()->Find("Add");
  const OpRegistration* v2 = OpRegistry::Global()->Find("AddV2");
  ASSERT_NE(add, nullptr);
  ASSERT_NE(v2, nullptr);
  EXPECT_EQ(OpSignatureString(*add),
            "Add(x: T, y: T) -> (z: T); attrs: T: {float, double, uint8, int32, int64, string}; "
            "flags: elementwise");
  EXPECT_EQ(OpSignatureString(*v2),
            "AddV2(x: T, y: T) -> (z: T); attrs: T: {float, double, uint8, int32, int64}; "
            "flags: commutative, aggregate, elementwise");
  // Add concatenates strings, so only AddV2 is commutative (as in TensorFlow).
  EXPECT_FALSE(add->is_commutative());
  EXPECT_TRUE(v2->is_commutative());
}

struct BroadcastCase {
  std::string x, y, z;
};

TEST(AddOpTest, NumPyBroadcastingTable) {
  const std::vector<BroadcastCase> cases = {
      {"[2,3]", "[2,3]", "[2,3]"},     {"[2,3]", "[3]", "[2,3]"},
      {"[2,3]", "[]", "[2,3]"},        {"[]", "[]", "[]"},
      {"[4,1]", "[1,5]", "[4,5]"},     {"[1,4,4,1]", "[1,4,4,4]", "[1,4,4,4]"},
      {"[?,3]", "[2,3]", "[2,3]"},     {"[?,3]", "[3]", "[?,3]"},
      {"[2,1]", "[?]", "[2,?]"},       {"?", "[2,3]", "<unknown>"},
      {"[5,1,3]", "[4,1]", "[5,4,3]"}, {"[0,3]", "[1,3]", "[0,3]"},
  };
  for (const char* op : {"Add", "AddV2"}) {
    for (const BroadcastCase& c : cases) {
      SCOPED_TRACE(std::string(op) + " " + c.x + " + " + c.y);
      EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, c.x}, {DT_FLOAT, c.y}}),
                  HoldsValue(ElementsAre(c.z)));
    }
  }
}

TEST(AddOpTest, Errors) {
  EXPECT_THAT(
      InferOpShapes("Add", {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[2]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (Add): incompatible shapes for broadcasting: [2,3] vs [2]")));
  EXPECT_THAT(InferOpShapes("AddV2", {{DT_FLOAT, "[2]"}, {DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 1 (y)")));
  EXPECT_THAT(
      InferOpShapes("AddV2", {{DT_STRING, "[2]"}, {DT_STRING, "[2]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is string, not one of")));
  EXPECT_THAT(InferOpShapes("Add", {{DT_STRING, "[2]"}, {DT_STRING, "[]"}}),
              HoldsValue(ElementsAre("[2]")));
  EXPECT_THAT(InferOpShapes("Add", {{DT_BOOL, "[2]"}, {DT_BOOL, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is bool")));
}

TEST(AddOpTest, Builders) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Const(root, {{1.f, 2.f, 3.f}});
  Output b = ops::Const(root, {10.f, 20.f, 30.f});
  Output sum = ops::Add(root, a, b);
  Output sum2 = ops::AddV2(root.WithOpName("s2"), b, b);
  ASSERT_OK(root.status());
  EXPECT_EQ(sum.name(), "Add");
  EXPECT_EQ(sum.shape().DebugString(), "[1,3]");
  EXPECT_EQ(sum.node()->attrs().at("T").type(), DT_FLOAT);
  EXPECT_EQ(sum2.node()->op(), "AddV2");
  EXPECT_EQ(sum2.shape().DebugString(), "[3]");
}

}  // namespace
}  // namespace rill
