// Tests Add and AddV2: signatures and flags, a NumPy broadcasting table, dtype errors, builders,
// the reference kernel on hand-checked values, and the gradient against central differences.
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

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
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

TEST(AddOpTest, KernelEveryDtype) {
  for (const char* op : {"Add", "AddV2"}) {
    SCOPED_TRACE(op);
    ExpectOpOutput(op, {MakeTensor<float>({2}, {1.5f, -2}), MakeTensor<float>({2}, {0.25f, 2})}, {},
                   {MakeTensor<float>({2}, {1.75f, 0})});
    ExpectOpOutput(op, {MakeTensor<double>({}, {1e-300}), MakeTensor<double>({}, {1})}, {},
                   {MakeTensor<double>({}, {1.0})});
    ExpectOpOutput(op, {MakeTensor<int32_t>({2}, {7, -3}), MakeTensor<int32_t>({2}, {-7, 10})}, {},
                   {MakeTensor<int32_t>({2}, {0, 7})});
    ExpectOpOutput(op, {MakeTensor<int64_t>({1}, {int64_t{1} << 40}), MakeTensor<int64_t>({}, {1})},
                   {}, {MakeTensor<int64_t>({1}, {(int64_t{1} << 40) + 1})});
    // Integers wrap around like TensorFlow's kernels (no undefined behaviour).
    ExpectOpOutput(op, {MakeTensor<uint8_t>({2}, {250, 1}), MakeTensor<uint8_t>({2}, {10, 2})}, {},
                   {MakeTensor<uint8_t>({2}, {4, 3})});
    ExpectOpOutput(op, {MakeTensor<int32_t>({}, {2147483647}), MakeTensor<int32_t>({}, {1})}, {},
                   {MakeTensor<int32_t>({}, {-2147483647 - 1})});
  }
  ExpectOpOutput("Add",
                 {MakeTensor<std::string>({2}, {"ab", ""}), MakeTensor<std::string>({}, {"c"})}, {},
                 {MakeTensor<std::string>({2}, {"abc", "c"})});
}

TEST(AddOpTest, KernelBroadcasts) {
  // [2,1] + [3] -> [2,3]; [0,3] + [1,3] -> [0,3].
  ExpectOpOutput("AddV2", {MakeTensor<float>({2, 1}, {10, 20}), MakeTensor<float>({3}, {1, 2, 3})},
                 {}, {MakeTensor<float>({2, 3}, {11, 12, 13, 21, 22, 23})});
  ExpectOpOutput("AddV2", {MakeTensor<float>({0, 3}, {}), MakeTensor<float>({1, 3}, {1, 2, 3})}, {},
                 {MakeTensor<float>({0, 3}, {})});
  ExpectOpOutput(
      "Add",
      {MakeTensor<int32_t>({2, 1, 2}, {1, 2, 3, 4}), MakeTensor<int32_t>({1, 3, 1}, {0, 10, 20})},
      {}, {MakeTensor<int32_t>({2, 3, 2}, {1, 2, 11, 12, 21, 22, 3, 4, 13, 14, 23, 24})});
}

TEST(AddOpTest, Gradient) {
  // Same shapes, broadcasting on either side, scalar, and both sides broadcast.
  const std::vector<std::pair<TensorShape, TensorShape>> cases = {
      {TensorShape({2, 3}), TensorShape({2, 3})},
      {TensorShape({2, 3}), TensorShape({3})},
      {TensorShape({1, 3}), TensorShape({4, 1})},
      {TensorShape({}), TensorShape({2, 2})},
      {TensorShape({3, 1, 2}), TensorShape({4, 2})}};
  uint64_t seed = 1;
  for (const char* op : {"Add", "AddV2"}) {
    for (const auto& [sx, sy] : cases) {
      SCOPED_TRACE(std::string(op) + " " + sx.DebugString() + " + " + sy.DebugString());
      EXPECT_OK(CheckOpGradients(
          op, {RandomTensor(DT_DOUBLE, sx, seed++), RandomTensor(DT_DOUBLE, sy, seed++)}));
    }
  }
}

TEST(AddOpTest, GradientWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("AddV2",
                             {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 7),
                              RandomTensor(DT_DOUBLE, TensorShape({3}), 8)},
                             {}, options));
}

TEST(AddOpTest, KernelErrorNamesTheNode) {
  // Shapes the placeholders cannot check statically reach the kernel, which names the node.
  EXPECT_THAT(RunOp("AddV2", {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("incompatible shapes for broadcasting: [2] vs [3]")));
}

}  // namespace
}  // namespace rill
