// Tests Cast: signature, shapes and output dtype, kernel values for every pair of dtypes
// (saturation, NaN, wrap-around, bool), and its gradient (float <-> double only).
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
#include "ops/testing/gradient_checker.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectUnaryShapes;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kInfD = std::numeric_limits<double>::infinity();
constexpr double kNaND = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(CastOpTest, Signature) {
  const OpRegistration* op = Op("Cast");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Cast(x: SrcT) -> (y: DstT); attrs: SrcT: type, DstT: type, Truncate: bool = false; "
            "flags: elementwise");
  EXPECT_NE(op->gradient, nullptr);
}

TEST(CastOpTest, Shapes) {
  for (DataType dst : {DT_INT32, DT_BOOL, DT_DOUBLE}) {
    ExpectUnaryShapes("Cast", DT_FLOAT, {{"DstT", MakeAttr(dst)}});
  }
  EXPECT_THAT(InferOpShapes("Cast", {{DT_FLOAT, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("DstT")));
}

TEST(CastOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Cast(root, ops::Cast(root, ops::Const(root, {1.5f, 2.f}), DT_INT64), DT_BOOL,
                       {.truncate = true});
  ASSERT_OK(root.status());
  EXPECT_EQ(x.dtype(), DT_BOOL);
  EXPECT_EQ(x.shape().DebugString(), "[2]");
  EXPECT_EQ(x.node()->attrs().at("SrcT").type(), DT_INT64);
  EXPECT_TRUE(x.node()->attrs().at("Truncate").b());
}

OpAttrs To(DataType dst) { return {{"DstT", MakeAttr(dst)}}; }

TEST(CastOpTest, FloatToIntegerTruncatesAndSaturates) {
  ExpectOpOutput(
      "Cast", {MakeTensor<float>({8}, {1.9f, -1.9f, 3e9f, -3e9f, kNaN, kInf, -kInf, 2147483520.f})},
      To(DT_INT32),
      {MakeTensor<int32_t>({8}, {1, -1, kMax32, kMin32, 0, kMax32, kMin32, 2147483520})});
  ExpectOpOutput("Cast", {MakeTensor<float>({6}, {-1, 255.9f, 256, 3.5f, kNaN, -0.5f})},
                 To(DT_UINT8), {MakeTensor<uint8_t>({6}, {0, 255, 255, 3, 0, 0})});
  ExpectOpOutput("Cast", {MakeTensor<double>({5}, {1e19, -1e19, -0.5, 9.2e18, kNaND})},
                 To(DT_INT64),
                 {MakeTensor<int64_t>({5}, {kMax64, kMin64, 0, 9200000000000000000, 0})});
  ExpectOpOutput("Cast", {MakeTensor<double>({3}, {2147483647.5, -2147483648.5, 1e300})},
                 To(DT_INT32), {MakeTensor<int32_t>({3}, {kMax32, kMin32, kMax32})});
}

TEST(CastOpTest, IntegerToIntegerWraps) {
  ExpectOpOutput("Cast", {MakeTensor<int64_t>({3}, {(int64_t{1} << 32) + 5, -1, int64_t{1} << 31})},
                 To(DT_INT32), {MakeTensor<int32_t>({3}, {5, -1, kMin32})});
  ExpectOpOutput("Cast", {MakeTensor<int32_t>({3}, {263, -1, 255})}, To(DT_UINT8),
                 {MakeTensor<uint8_t>({3}, {7, 255, 255})});
  ExpectOpOutput("Cast", {MakeTensor<uint8_t>({2}, {200, 0})}, To(DT_INT64),
                 {MakeTensor<int64_t>({2}, {200, 0})});
}

TEST(CastOpTest, ToAndFromFloatingPoint) {
  ExpectOpOutput("Cast", {MakeTensor<int32_t>({2}, {16777217, -3})}, To(DT_FLOAT),
                 {MakeTensor<float>({2}, {16777216.f, -3})});  // rounds to the nearest float
  ExpectOpOutput("Cast", {MakeTensor<int64_t>({1}, {kMax64})}, To(DT_DOUBLE),
                 {MakeTensor<double>({1}, {9223372036854775808.0})});
  // double -> float rounds to nearest; beyond FLT_MAX only from halfway to 2^128 on is inf.
  ExpectOpOutput(
      "Cast", {MakeTensor<double>({6}, {0.1, 1e300, -1e300, 3.4028235e38, 3.4028236e38, kNaND})},
      To(DT_FLOAT),
      {MakeTensor<float>({6}, {0.1f, kInf, -kInf, std::numeric_limits<float>::max(), kInf, kNaN})});
  ExpectOpOutput("Cast", {MakeTensor<float>({2}, {0.1f, -kInf})}, To(DT_DOUBLE),
                 {MakeTensor<double>({2}, {static_cast<double>(0.1f), -kInfD})});
  ExpectOpOutput("Cast", {MakeTensor<float>({2}, {1.25f, -2})}, To(DT_FLOAT),
                 {MakeTensor<float>({2}, {1.25f, -2})});
}

TEST(CastOpTest, Bool) {
  ExpectOpOutput("Cast", {MakeTensor<float>({4}, {0, -0.0f, 0.5f, kNaN})}, To(DT_BOOL),
                 {MakeTensor<bool>({4}, {false, false, true, true})});
  ExpectOpOutput("Cast", {MakeTensor<int32_t>({2}, {0, -7})}, To(DT_BOOL),
                 {MakeTensor<bool>({2}, {false, true})});
  ExpectOpOutput("Cast", {MakeTensor<uint8_t>({2}, {0, 128})}, To(DT_BOOL),
                 {MakeTensor<bool>({2}, {false, true})});
  ExpectOpOutput("Cast", {MakeTensor<bool>({2}, {true, false})}, To(DT_DOUBLE),
                 {MakeTensor<double>({2}, {1, 0})});
  ExpectOpOutput("Cast", {MakeTensor<bool>({2}, {true, false})}, To(DT_INT64),
                 {MakeTensor<int64_t>({2}, {1, 0})});
}

TEST(CastOpTest, StringsHaveNoKernel) {
  EXPECT_THAT(RunOp("Cast", {MakeTensor<std::string>({1}, {"1"})}, To(DT_INT32)),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("node 'op' (Cast): no reference kernel for dtype string")));
}

TEST(CastOpTest, GradientBetweenFloatTypes) {
  const std::vector<TensorShape> shapes = {TensorShape(), TensorShape({3}), TensorShape({2, 3})};
  uint64_t seed = 1;
  for (const TensorShape& shape : shapes) {
    EXPECT_OK(CheckOpGradients("Cast", {RandomTensor(DT_DOUBLE, shape, seed++)}, To(DT_DOUBLE)));
    // Through float: Cast is linear, so a large step keeps float rounding out of the quotient.
    GradientCheckOptions coarse;
    coarse.delta = 1e-2;
    EXPECT_OK(
        CheckOpGradients("Cast", {RandomTensor(DT_DOUBLE, shape, seed++)}, To(DT_FLOAT), coarse));
  }
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("Cast", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 9)},
                             To(DT_DOUBLE), options));
}

TEST(CastOpTest, NoGradientThroughIntegers) {
  // double -> int32 -> double is piecewise constant: the symbolic gradient is none (zero) and
  // the numeric one is zero away from the integers.
  EXPECT_OK(CheckGradients(
      [](const Scope& scope, const std::vector<Output>& in) {
        return std::vector<Output>{ops::Cast(scope, ops::Cast(scope, in[0], DT_INT32), DT_DOUBLE)};
      },
      {MakeTensor<double>({3}, {0.5, -2.25, 7.75})}));
}

}  // namespace
}  // namespace rill
