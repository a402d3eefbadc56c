// Tests the MatMul op: signature, a shape table over transposes, rank and inner-dim errors,
// builder.
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

std::map<std::string, AttrValue> Transposes(bool a, bool b) {
  std::map<std::string, AttrValue> attrs;
  attrs["transpose_a"].set_b(a);
  attrs["transpose_b"].set_b(b);
  return attrs;
}

TEST(MatMulOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("MatMul");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "MatMul(a: T, b: T) -> (product: T); attrs: transpose_a: bool = false, transpose_b: bool = "
      "false, T: {float, double, int32, int64, uint8}, grad_a: bool = false, grad_b: bool = false");
}

struct MatMulCase {
  std::string a, b;
  bool ta, tb;
  std::string out;
};

TEST(MatMulOpTest, ShapeTable) {
  const std::vector<MatMulCase> cases = {
      {"[2,3]", "[3,4]", false, false, "[2,4]"}, {"[3,2]", "[3,4]", true, false, "[2,4]"},
      {"[2,3]", "[4,3]", false, true, "[2,4]"},  {"[3,2]", "[4,3]", true, true, "[2,4]"},
      {"[?,3]", "[3,?]", false, false, "[?,?]"}, {"[?,?]", "[5,7]", false, false, "[?,7]"},
      {"?", "[3,4]", false, false, "[?,4]"},     {"?", "?", false, false, "[?,?]"},
      {"[0,3]", "[3,0]", false, false, "[0,0]"},
  };
  for (const MatMulCase& c : cases) {
    SCOPED_TRACE(c.a + " x " + c.b);
    EXPECT_THAT(InferOpShapes("MatMul", {{DT_FLOAT, c.a}, {DT_FLOAT, c.b}}, Transposes(c.ta, c.tb)),
                HoldsValue(ElementsAre(c.out)));
  }
  // Missing transpose attrs take their defaults (false).
  EXPECT_THAT(InferOpShapes("MatMul", {{DT_INT32, "[2,3]"}, {DT_INT32, "[3,1]"}}),
              HoldsValue(ElementsAre("[2,1]")));
}

TEST(MatMulOpTest, Errors) {
  EXPECT_THAT(InferOpShapes("MatMul", {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[4,5]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (MatMul): inner dims 3 vs 4")));
  EXPECT_THAT(
      InferOpShapes("MatMul", {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[3,4]"}}, Transposes(true, false)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("inner dims 2 vs 3")));
  EXPECT_THAT(
      InferOpShapes("MatMul", {{DT_FLOAT, "[2,3,4]"}, {DT_FLOAT, "[4,5]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("a must have rank 2, got [2,3,4]")));
  EXPECT_THAT(
      InferOpShapes("MatMul", {{DT_FLOAT, "[2,3]"}, {DT_FLOAT, "[3]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("b must have rank 2, got [3]")));
  EXPECT_THAT(InferOpShapes("MatMul", {{DT_BOOL, "[2,3]"}, {DT_BOOL, "[3,2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is bool")));
}

TEST(MatMulOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root, DT_FLOAT, {.shape = {8, 3}});
  Output b = ops::Placeholder(root, DT_FLOAT, {.shape = {5, 3}});
  Output p = ops::MatMul(root.WithOpName("p"), a, b, {.transpose_b = true});
  ASSERT_OK(root.status());
  EXPECT_EQ(p.shape().DebugString(), "[8,5]");
  EXPECT_TRUE(p.node()->attrs().at("transpose_b").b());
  EXPECT_FALSE(p.node()->attrs().at("grad_a").b());
}

}  // namespace
}  // namespace rill
