// Tests the Placeholder op: signature with the unknown-rank default, shape from the attr, builder.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
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

TEST(PlaceholderOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Placeholder");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Placeholder() -> (output: dtype); attrs: dtype: type, shape: shape = <unknown>");
  EXPECT_TRUE(op->FindAttr("shape")->default_value().shape().unknown_rank());
}

TEST(PlaceholderOpTest, ShapeComesFromTheAttr) {
  std::map<std::string, AttrValue> attrs;
  attrs["dtype"].set_type(DT_FLOAT);
  EXPECT_THAT(InferOpShapes("Placeholder", {}, attrs), HoldsValue(ElementsAre("<unknown>")));
  attrs["shape"].mutable_shape()->add_dim()->set_size(-1);
  attrs["shape"].mutable_shape()->add_dim()->set_size(784);
  EXPECT_THAT(InferOpShapes("Placeholder", {}, attrs), HoldsValue(ElementsAre("[?,784]")));
  attrs["shape"].mutable_shape()->add_dim()->set_size(-2);
  EXPECT_THAT(InferOpShapes("Placeholder", {}, attrs),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Placeholder): attr 'shape'")));
  attrs.erase("dtype");
  attrs.erase("shape");
  EXPECT_THAT(
      InferOpShapes("Placeholder", {}, attrs),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("missing attr 'dtype' (type)")));
}

TEST(PlaceholderOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 784}});
  Output any = ops::Placeholder(root, DT_INT64);
  ASSERT_OK(root.status());
  EXPECT_EQ(x.name(), "x");
  EXPECT_EQ(x.shape().DebugString(), "[?,784]");
  EXPECT_EQ(any.dtype(), DT_INT64);
  EXPECT_FALSE(any.shape().rank_known());
  EXPECT_TRUE(any.node()->attrs().at("shape").shape().unknown_rank());
}

TEST(PlaceholderOpTest, UnfedPlaceholderIsAnErrorNamingIt) {
  EXPECT_THAT(RunOp("Placeholder", {},
                    {{"dtype", MakeAttr(DT_FLOAT)}, {"shape", MakeAttr(PartialShape({-1, 3}))}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Placeholder): you must feed a value for placeholder "
                                 "'op' with dtype float and shape [?,3]")));
  EXPECT_TRUE(OpRegistry::Global()->Find("Placeholder")->no_gradient);
}

}  // namespace
}  // namespace rill
