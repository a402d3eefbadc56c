// Tests the MatMul op: signature, a shape table over transposes, rank and inner-dim errors,
// builder.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
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

TEST(MatMulOpTest, Kernel) {
  const Tensor a = MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor b = MakeTensor<float>({3, 2}, {1, 0, 0, 1, 1, 1});
  ExpectOpOutput("MatMul", {a, b}, {}, {MakeTensor<float>({2, 2}, {4, 5, 10, 11})});
  // a^T (3x2) * a (2x3) and a * a^T.
  ExpectOpOutput("MatMul", {a, a}, Transposes(true, false),
                 {MakeTensor<float>({3, 3}, {17, 22, 27, 22, 29, 36, 27, 36, 45})});
  ExpectOpOutput("MatMul", {a, a}, Transposes(false, true),
                 {MakeTensor<float>({2, 2}, {14, 32, 32, 77})});
  ExpectOpOutput("MatMul", {b, a}, Transposes(true, true),
                 {MakeTensor<float>({2, 2}, {4, 10, 5, 11})});
  ExpectOpOutput("MatMul", {MakeTensor<double>({1, 1}, {0.5}), MakeTensor<double>({1, 1}, {4})}, {},
                 {MakeTensor<double>({1, 1}, {2})});
  ExpectOpOutput("MatMul",
                 {MakeTensor<int32_t>({1, 2}, {65536, 1}), MakeTensor<int32_t>({2, 1}, {65536, 5})},
                 {}, {MakeTensor<int32_t>({1, 1}, {5})});
  ExpectOpOutput("MatMul", {MakeTensor<int64_t>({1, 1}, {3}), MakeTensor<int64_t>({1, 2}, {4, 5})},
                 {}, {MakeTensor<int64_t>({1, 2}, {12, 15})});
  ExpectOpOutput("MatMul", {MakeTensor<uint8_t>({1, 1}, {16}), MakeTensor<uint8_t>({1, 1}, {17})},
                 {}, {MakeTensor<uint8_t>({1, 1}, {16})});
  // Empty inner dimension: zeros.
  ExpectOpOutput("MatMul", {MakeTensor<float>({2, 0}, {}), MakeTensor<float>({0, 1}, {})}, {},
                 {MakeTensor<float>({2, 1}, {0, 0})});
  EXPECT_THAT(RunOp("MatMul", {a, a}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (MatMul)")));
}

TEST(MatMulOpTest, Gradient) {
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      SCOPED_TRACE(std::string("transpose_a=") + (ta ? "1" : "0") +
                   " transpose_b=" + (tb ? "1" : "0"));
      const TensorShape sa = ta ? TensorShape({3, 2}) : TensorShape({2, 3});
      const TensorShape sb = tb ? TensorShape({4, 3}) : TensorShape({3, 4});
      EXPECT_OK(CheckOpGradients("MatMul",
                                 {RandomTensor(DT_DOUBLE, sa, 1), RandomTensor(DT_DOUBLE, sb, 2)},
                                 Transposes(ta, tb)));
    }
  }
  GradientCheckOptions o;
  o.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("MatMul",
                             {RandomTensor(DT_DOUBLE, TensorShape({5, 3}), 3),
                              RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 4)},
                             {}, o));
}

}  // namespace
}  // namespace rill
