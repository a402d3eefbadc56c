// The OrderingOpTest, EqualityOpTest and LogicalOpTest cases (see comparison_test_suites.h):
// signature (no gradient), shape table and bool output, kernel values for every dtype (NaN,
// infinities, extremes, broadcasting), and the shape errors the kernel itself must catch.
#include "ops/math/testing/comparison_test_suites.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "ops/array_ops.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/kernel_rows.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// Checks the op on every input pair against the expected output of the same row.
void ExpectRows(const std::string& op, const std::vector<std::vector<Tensor>>& inputs,
                const std::vector<Tensor>& expected) {
  ASSERT_EQ(inputs.size(), expected.size()) << "one expected tensor per input row";
  std::vector<KernelRow> rows;
  for (size_t i = 0; i < inputs.size(); ++i) rows.push_back({inputs[i], {}, {expected[i]}});
  ExpectKernelRows(op, rows);
}

// Expects the registered signature `signature` and no gradient.
void ExpectSignatureWithoutGradient(const std::string& name, const std::string& signature) {
  const OpRegistration* op = OpRegistry::Global()->Find(name);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op), signature);
  EXPECT_TRUE(op->no_gradient);
}

// The kernel, not the shape function, must reject shapes that do not broadcast when they are
// unknown while building.
void ExpectKernelRejectsBadBroadcast(const std::string& op) {
  EXPECT_THAT(
      RunOpWithUnknownShapes(op, {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(absl::StrCat("node 'op' (", op,
                                      "): incompatible shapes for broadcasting: [2] vs [3]"))));
}

}  // namespace

std::vector<std::vector<Tensor>> OrderingKernelInputs() {
  return {
      {MakeTensor<float>({6}, {1, 2, 3, kNaN, -kInf, 1}),
       MakeTensor<float>({6}, {2, 2, 2, 1, -kInf, kNaN})},
      {MakeTensor<double>({2, 1}, {1, 3}), MakeTensor<double>({2}, {2, 3})},
      {MakeTensor<int32_t>({3}, {kMin32, 5, 7}), MakeTensor<int32_t>({3}, {kMax32, 5, -7})},
      {MakeTensor<int64_t>({2}, {kMin64, kMax64}), MakeTensor<int64_t>({}, {0})},
      {MakeTensor<uint8_t>({3}, {0, 255, 9}), MakeTensor<uint8_t>({3}, {255, 0, 9})},
  };
}

std::vector<std::vector<Tensor>> EqualityKernelInputs() {
  return {
      {MakeTensor<float>({4}, {1, kNaN, 0, -0.0f}), MakeTensor<float>({4}, {1, kNaN, -0.0f, 1})},
      {MakeTensor<double>({2, 1}, {1, 2}), MakeTensor<double>({2}, {1, 2})},
      {MakeTensor<int32_t>({2}, {kMin32, 3}), MakeTensor<int32_t>({2}, {kMin32, -3})},
      {MakeTensor<int64_t>({}, {kMax64}), MakeTensor<int64_t>({2}, {kMax64, 0})},
      {MakeTensor<uint8_t>({2}, {255, 0}), MakeTensor<uint8_t>({2}, {255, 1})},
      {MakeTensor<std::string>({3}, {"a", "b", ""}), MakeTensor<std::string>({3}, {"a", "B", ""})},
      {MakeTensor<bool>({2}, {true, false}), MakeTensor<bool>({}, {true})},
  };
}

std::vector<std::vector<Tensor>> LogicalKernelInputs() {
  return {
      {MakeTensor<bool>({4}, {false, false, true, true}),
       MakeTensor<bool>({4}, {false, true, false, true})},
      {MakeTensor<bool>({2, 1}, {true, false}), MakeTensor<bool>({2}, {true, false})},
      {MakeTensor<bool>({0}, {}), MakeTensor<bool>({}, {true})},
  };
}

void PrintTo(const OrderingOpParam& param, std::ostream* os) { *os << param.op; }
void PrintTo(const EqualityOpParam& param, std::ostream* os) { *os << param.op; }
void PrintTo(const LogicalOpParam& param, std::ostream* os) { *os << param.op; }

// Each op's test binary instantiates only the suite of its own kind.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OrderingOpTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(EqualityOpTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(LogicalOpTest);

namespace {

// --- Greater, GreaterEqual, Less, LessEqual ---

TEST_P(OrderingOpTest, Signature) {
  ExpectSignatureWithoutGradient(
      GetParam().op, absl::StrCat(GetParam().op,
                                  "(x: T, y: T) -> (z: bool); attrs: T: {float, double, int32, "
                                  "int64, uint8}; flags: elementwise"));
}

TEST_P(OrderingOpTest, Shapes) {
  const std::string& op = GetParam().op;
  ExpectBinaryBroadcastShapes(op, DT_FLOAT);
  ExpectBinaryBroadcastShapes(op, DT_INT64);
  ExpectRejectsDtype(op, 2, DT_BOOL);
  ExpectRejectsDtype(op, 2, DT_STRING);
  Scope root = Scope::NewRootScope();
  Output z = GetParam().builder(root, ops::Const(root, {1, 2}), ops::Const(root, 2));
  ASSERT_OK(root.status());
  EXPECT_EQ(z.node()->op(), op);
  EXPECT_EQ(z.dtype(), DT_BOOL);
  EXPECT_EQ(z.shape().DebugString(), "[2]");
}

TEST_P(OrderingOpTest, Kernel) {
  ExpectRows(GetParam().op, OrderingKernelInputs(), GetParam().kernel_expected);
}

TEST_P(OrderingOpTest, KernelChecksShapesUnknownWhileBuilding) {
  ExpectKernelRejectsBadBroadcast(GetParam().op);
}

// --- Equal, NotEqual ---

TEST_P(EqualityOpTest, Signature) {
  ExpectSignatureWithoutGradient(
      GetParam().op,
      absl::StrCat(GetParam().op,
                   "(x: T, y: T) -> (z: bool); attrs: T: {float, double, uint8, int32, int64, "
                   "string, bool}, incompatible_shape_error: bool = true; flags: commutative, "
                   "elementwise"));
}

TEST_P(EqualityOpTest, Shapes) {
  const std::string& op = GetParam().op;
  ExpectBinaryBroadcastShapes(op, DT_FLOAT);
  ExpectBinaryBroadcastShapes(op, DT_STRING);
  ExpectBinaryBroadcastShapes(op, DT_BOOL);
  // Without incompatible_shape_error, shapes that do not broadcast give an unknown shape.
  const OpAttrs lenient = {{"incompatible_shape_error", MakeAttr(false)}};
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[2,3]"}, {DT_INT32, "[2]"}}, lenient),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[2,3]"}, {DT_INT32, "[3]"}}, lenient),
              HoldsValue(ElementsAre("[2,3]")));
  Scope root = Scope::NewRootScope();
  Output z = GetParam().builder(root, ops::Const(root, {1.f}), ops::Const(root, {1.f, 2.f}),
                                {.incompatible_shape_error = false});
  ASSERT_OK(root.status());
  EXPECT_EQ(z.node()->op(), op);
  EXPECT_EQ(z.dtype(), DT_BOOL);
  EXPECT_FALSE(z.node()->attrs().at("incompatible_shape_error").b());
}

TEST_P(EqualityOpTest, Kernel) {
  ExpectRows(GetParam().op, EqualityKernelInputs(), GetParam().kernel_expected);
}

TEST_P(EqualityOpTest, IncompatibleShapes) {
  const std::string& op = GetParam().op;
  const std::vector<Tensor> inputs = {MakeTensor<float>({2}, {1, 2}),
                                      MakeTensor<float>({3}, {1, 2, 3})};
  const OpAttrs lenient_attrs = {{"incompatible_shape_error", MakeAttr(false)}};
  const Tensor lenient_result = MakeTensor<bool>({}, {GetParam().incompatible_result});
  // Lenient: a scalar instead of an error.
  ExpectOpOutput(op, inputs, lenient_attrs, {lenient_result});
  // Strict (the default): caught while building with known shapes, by the kernel otherwise.
  EXPECT_THAT(RunOp(op, inputs), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("incompatible shapes for broadcasting")));
  ExpectKernelRejectsBadBroadcast(op);
  absl::StatusOr<std::vector<Tensor>> lenient = RunOpWithUnknownShapes(op, inputs, lenient_attrs);
  ASSERT_OK(lenient.status());
  EXPECT_THAT((*lenient)[0], TensorEq(lenient_result));
}

// --- LogicalAnd, LogicalOr ---

TEST_P(LogicalOpTest, Signature) {
  ExpectSignatureWithoutGradient(
      GetParam().op,
      absl::StrCat(GetParam().op, "(x: bool, y: bool) -> (z: bool); flags: commutative, elementwise"));
}

TEST_P(LogicalOpTest, Shapes) {
  const std::string& op = GetParam().op;
  ExpectBinaryBroadcastShapes(op, DT_BOOL);
  EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, "[2]"}, {DT_BOOL, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0 (x)")));
  EXPECT_THAT(InferOpShapes(op, {{DT_BOOL, "[2]"}, {DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 1 (y)")));
}

TEST_P(LogicalOpTest, TruthTable) {
  ExpectRows(GetParam().op, LogicalKernelInputs(), GetParam().truth_table);
}

}  // namespace
}  // namespace rill::testing
