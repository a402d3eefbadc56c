// Tests the Relu op: signature, unchanged shape, allowed types, builder.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn_ops.h"
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

TEST(ReluOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Relu");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "Relu(features: T) -> (activations: T); attrs: T: {float, double, int32, int64, uint8}; "
      "flags: elementwise");
}

TEST(ReluOpTest, ShapeIsUnchanged) {
  EXPECT_THAT(InferOpShapes("Relu", {{DT_FLOAT, "[1,8,8,2]"}}),
              HoldsValue(ElementsAre("[1,8,8,2]")));
  EXPECT_THAT(InferOpShapes("Relu", {{DT_INT64, "?"}}), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Relu", {{DT_STRING, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is string")));
}

TEST(ReluOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output r = ops::Relu(root.NewSubScope("act"), ops::Const(root, {-1.0, 2.0}));
  ASSERT_OK(root.status());
  EXPECT_EQ(r.name(), "act/Relu");
  EXPECT_EQ(r.dtype(), DT_DOUBLE);
  EXPECT_EQ(r.shape().DebugString(), "[2]");
}

}  // namespace
}  // namespace rill
