// Tests the PlaceholderWithDefault op: signature, shape compatibility with the input, builder.
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
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::map<std::string, AttrValue> ShapeAttr(std::vector<int64_t> dims) {
  std::map<std::string, AttrValue> attrs;
  for (int64_t d : dims) attrs["shape"].mutable_shape()->add_dim()->set_size(d);
  if (dims.empty()) attrs["shape"].mutable_shape();
  return attrs;
}

TEST(PlaceholderWithDefaultOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("PlaceholderWithDefault");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(
      OpSignatureString(*op),
      "PlaceholderWithDefault(input: dtype) -> (output: dtype); attrs: dtype: type, shape: shape");
}

TEST(PlaceholderWithDefaultOpTest, ShapeIsTheAttrCompatibleWithTheInput) {
  EXPECT_THAT(InferOpShapes("PlaceholderWithDefault", {{DT_FLOAT, "[2,3]"}}, ShapeAttr({-1, 3})),
              HoldsValue(ElementsAre("[?,3]")));
  EXPECT_THAT(InferOpShapes("PlaceholderWithDefault", {{DT_BOOL, "[]"}}, ShapeAttr({})),
              HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes("PlaceholderWithDefault", {{DT_FLOAT, "?"}}, ShapeAttr({4})),
              HoldsValue(ElementsAre("[4]")));
  EXPECT_THAT(
      InferOpShapes("PlaceholderWithDefault", {{DT_FLOAT, "[2,3]"}}, ShapeAttr({3})),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("default input shape [2,3] is not compatible with attr 'shape' [3]")));
  EXPECT_THAT(
      InferOpShapes("PlaceholderWithDefault", {{DT_FLOAT, "[2]"}}, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("missing attr 'shape' (shape)")));
}

TEST(PlaceholderWithDefaultOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output d = ops::PlaceholderWithDefault(root.WithOpName("phase"), ops::Const(root, false),
                                         PartialShape::Scalar());
  ASSERT_OK(root.status());
  EXPECT_EQ(d.name(), "phase");
  EXPECT_EQ(d.dtype(), DT_BOOL);
  EXPECT_EQ(d.node()->attrs().at("dtype").type(), DT_BOOL);  // inferred from the input
  EXPECT_EQ(d.shape().DebugString(), "[]");
}

TEST(PlaceholderWithDefaultOpTest, KernelAndGradient) {
  const OpAttrs attrs = {{"shape", MakeAttr(PartialShape({-1}))}};
  ExpectOpOutput("PlaceholderWithDefault", {MakeTensor<int32_t>({2}, {4, 5})}, attrs,
                 {MakeTensor<int32_t>({2}, {4, 5})});
  EXPECT_OK(CheckOpGradients("PlaceholderWithDefault",
                             {RandomTensor(DT_DOUBLE, TensorShape({3}), 1)}, attrs));
}

}  // namespace
}  // namespace rill
