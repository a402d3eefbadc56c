// Tests the Identity op: signature, unchanged shape, builder.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/shape_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::testing::ElementsAre;

TEST(IdentityOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Identity");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op), "Identity(input: T) -> (output: T); attrs: T: type");
}

TEST(IdentityOpTest, ShapeIsUnchanged) {
  EXPECT_THAT(InferOpShapes("Identity", {{DT_FLOAT, "[2,?,3]"}}),
              HoldsValue(ElementsAre("[2,?,3]")));
  EXPECT_THAT(InferOpShapes("Identity", {{DT_STRING, "?"}}), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes("Identity", {{DT_BOOL, "[]"}}), HoldsValue(ElementsAre("[]")));
}

TEST(IdentityOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Const(root, {1.f, 2.f});
  Output y = ops::Identity(root, x);
  ASSERT_OK(root.status());
  EXPECT_EQ(y.name(), "Identity");
  EXPECT_EQ(y.dtype(), DT_FLOAT);
  EXPECT_EQ(y.shape().DebugString(), "[2]");
  EXPECT_EQ(y.node()->data_inputs()[0]->src, x.node());
}

}  // namespace
}  // namespace rill
