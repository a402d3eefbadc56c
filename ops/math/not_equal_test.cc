// Tests NotEqual: signature (commutative, no gradient), shapes with and without
// incompatible_shape_error, kernel values for every dtype (NaN, -0, strings, bools).
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
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::ExpectBinaryBroadcastShapes;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithUnknownShapes;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(NotEqualOpTest, Signature) {
  const OpRegistration* op = Op("NotEqual");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "NotEqual(x: T, y: T) -> (z: bool); attrs: T: {float, double, uint8, int32, int64, string, "
      "bool}, incompatible_shape_error: bool = true; flags: commutative, elementwise");
  EXPECT_TRUE(op->no_gradient);
}

TEST(NotEqualOpTest, Shapes) {
  ExpectBinaryBroadcastShapes("NotEqual", DT_FLOAT);
  ExpectBinaryBroadcastShapes("NotEqual", DT_STRING);
  ExpectBinaryBroadcastShapes("NotEqual", DT_BOOL);
  // Without incompatible_shape_error, shapes that do not broadcast give an unknown shape.
  const OpAttrs lenient = {{"incompatible_shape_error", MakeAttr(false)}};
  EXPECT_THAT(InferOpShapes("NotEqual", {{DT_INT32, "[2,3]"}, {DT_INT32, "[2]"}}, lenient),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("NotEqual", {{DT_INT32, "[2,3]"}, {DT_INT32, "[3]"}}, lenient),
              HoldsValue(ElementsAre("[2,3]")));
  Scope root = Scope::NewRootScope();
  Output z = ops::NotEqual(root, ops::Const(root, {1.f}), ops::Const(root, {1.f, 2.f}),
                           {.incompatible_shape_error = false});
  ASSERT_OK(root.status());
  EXPECT_EQ(z.dtype(), DT_BOOL);
  EXPECT_FALSE(z.node()->attrs().at("incompatible_shape_error").b());
}

TEST(NotEqualOpTest, Kernel) {
  // NaN is unequal to everything, itself included; -0 equals 0.
  ExpectOpOutput(
      "NotEqual",
      {MakeTensor<float>({4}, {1, kNaN, 0, -0.0f}), MakeTensor<float>({4}, {1, kNaN, -0.0f, 1})},
      {}, {MakeTensor<bool>({4}, {false, true, false, true})});
  ExpectOpOutput("NotEqual", {MakeTensor<double>({2, 1}, {1, 2}), MakeTensor<double>({2}, {1, 2})},
                 {}, {MakeTensor<bool>({2, 2}, {false, true, true, false})});
  ExpectOpOutput("NotEqual",
                 {MakeTensor<int32_t>({2}, {kMin32, 3}), MakeTensor<int32_t>({2}, {kMin32, -3})},
                 {}, {MakeTensor<bool>({2}, {false, true})});
  ExpectOpOutput("NotEqual",
                 {MakeTensor<int64_t>({}, {kMax64}), MakeTensor<int64_t>({2}, {kMax64, 0})}, {},
                 {MakeTensor<bool>({2}, {false, true})});
  ExpectOpOutput("NotEqual",
                 {MakeTensor<uint8_t>({2}, {255, 0}), MakeTensor<uint8_t>({2}, {255, 1})}, {},
                 {MakeTensor<bool>({2}, {false, true})});
  ExpectOpOutput(
      "NotEqual",
      {MakeTensor<std::string>({3}, {"a", "b", ""}), MakeTensor<std::string>({3}, {"a", "B", ""})},
      {}, {MakeTensor<bool>({3}, {false, true, false})});
  ExpectOpOutput("NotEqual", {MakeTensor<bool>({2}, {true, false}), MakeTensor<bool>({}, {true})},
                 {}, {MakeTensor<bool>({2}, {false, true})});
}

TEST(NotEqualOpTest, IncompatibleShapes) {
  const std::vector<Tensor> inputs = {MakeTensor<float>({2}, {1, 2}),
                                      MakeTensor<float>({3}, {1, 2, 3})};
  // Lenient: a scalar true instead of an error.
  ExpectOpOutput("NotEqual", inputs, {{"incompatible_shape_error", MakeAttr(false)}},
                 {MakeTensor<bool>({}, {true})});
  // Strict (the default): caught while building with known shapes, by the kernel otherwise.
  EXPECT_THAT(RunOp("NotEqual", inputs),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("incompatible shapes for broadcasting")));
  EXPECT_THAT(
      RunOpWithUnknownShapes("NotEqual", inputs),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          HasSubstr("node 'op' (NotEqual): incompatible shapes for broadcasting: [2] vs [3]")));
  absl::StatusOr<std::vector<Tensor>> lenient =
      RunOpWithUnknownShapes("NotEqual", inputs, {{"incompatible_shape_error", MakeAttr(false)}});
  ASSERT_OK(lenient.status());
  EXPECT_THAT((*lenient)[0], TensorEq(MakeTensor<bool>({}, {true})));
}

}  // namespace
}  // namespace rill
