// Tests the Const op: signature, shape from the value, value checks, and the ops::Const builders.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "graph/tensor.pb.h"
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

std::map<std::string, AttrValue> ConstAttrs(DataType dtype, DataType value_dtype,
                                            std::vector<int64_t> dims, std::string content = "") {
  std::map<std::string, AttrValue> attrs;
  attrs["dtype"].set_type(dtype);
  TensorProto* t = attrs["value"].mutable_tensor();
  t->set_dtype(value_dtype);
  for (int64_t d : dims) t->mutable_tensor_shape()->add_dim()->set_size(d);
  t->set_tensor_content(content);
  return attrs;
}

TEST(ConstOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Const");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Const() -> (output: dtype); attrs: value: tensor, dtype: type");
  EXPECT_FALSE(op->is_stateful());
}

TEST(ConstOpTest, ShapeComesFromTheValue) {
  EXPECT_THAT(InferOpShapes("Const", {}, ConstAttrs(DT_FLOAT, DT_FLOAT, {2, 3})),
              HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(InferOpShapes("Const", {}, ConstAttrs(DT_INT32, DT_INT32, {})),
              HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes("Const", {}, ConstAttrs(DT_FLOAT, DT_FLOAT, {2}, std::string(8, '\0'))),
              HoldsValue(ElementsAre("[2]")));
}

TEST(ConstOpTest, Errors) {
  EXPECT_THAT(
      InferOpShapes("Const", {}, ConstAttrs(DT_FLOAT, DT_INT32, {2})),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          HasSubstr(
              "node 'op' (Const): attr 'value' holds a int32 tensor but attr 'dtype' is float")));
  EXPECT_THAT(InferOpShapes("Const", {}, ConstAttrs(DT_FLOAT, DT_FLOAT, {-1})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'value'")));
  EXPECT_THAT(
      InferOpShapes("Const", {}, ConstAttrs(DT_FLOAT, DT_FLOAT, {3}, std::string(8, '\0'))),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(
                   "tensor_content has 8 bytes, but shape [3] needs 3 float elements of 4 bytes")));
  EXPECT_THAT(
      InferOpShapes("Const", {}, ConstAttrs(DT_FLOAT, DT_FLOAT, {2}, std::string(9, '\0'))),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tensor_content has 9 bytes")));
  // A hostile shape is rejected without overflowing (element count beyond int64).
  EXPECT_THAT(InferOpShapes("Const", {},
                            ConstAttrs(DT_FLOAT, DT_FLOAT, {int64_t{1} << 40, int64_t{1} << 40})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'value'")));
}

TEST(ConstOpTest, Builders) {
  Scope root = Scope::NewRootScope();
  Output s = ops::Const(root, 2.5f);
  Output v = ops::Const(root, {1, 2, 3});
  Output m = ops::Const(root, {{true, false}});
  Output t = ops::Const(root, std::vector<double>{1, 2, 3, 4, 5, 6}, TensorShape({3, 2}));
  Output str = ops::Const(root, std::string("hello"));
  ASSERT_OK(root.status());
  EXPECT_EQ(s.name(), "Const");
  EXPECT_EQ(v.name(), "Const_1");
  EXPECT_EQ(s.shape().DebugString(), "[]");
  EXPECT_EQ(v.dtype(), DT_INT32);
  EXPECT_EQ(v.shape().DebugString(), "[3]");
  EXPECT_EQ(m.dtype(), DT_BOOL);
  EXPECT_EQ(m.shape().DebugString(), "[1,2]");
  EXPECT_EQ(t.dtype(), DT_DOUBLE);
  EXPECT_EQ(t.shape().DebugString(), "[3,2]");
  EXPECT_EQ(str.dtype(), DT_STRING);
  // The value round-trips through the attr.
  ASSERT_OK_AND_ASSIGN(Tensor back, Tensor::FromProto(v.node()->attrs().at("value").tensor()));
  EXPECT_EQ(back.ToVector<int32_t>(), (std::vector<int32_t>{1, 2, 3}));
}

TEST(ConstOpTest, KernelDecodesTheValue) {
  ExpectOpOutput(
      "Const", {},
      {{"value", MakeAttr(MakeTensor<float>({2, 2}, {1, 2, 3, 4}))}, {"dtype", MakeAttr(DT_FLOAT)}},
      {MakeTensor<float>({2, 2}, {1, 2, 3, 4})});
  // TensorFlow's splat: one value fills the shape.
  TensorProto splat;
  splat.set_dtype(DT_INT32);
  splat.mutable_tensor_shape()->add_dim()->set_size(3);
  splat.add_int_val(7);
  AttrValue value;
  *value.mutable_tensor() = splat;
  ExpectOpOutput("Const", {}, {{"value", value}, {"dtype", MakeAttr(DT_INT32)}},
                 {MakeTensor<int32_t>({3}, {7, 7, 7})});
  ExpectOpOutput(
      "Const", {},
      {{"value", MakeAttr(MakeTensor<std::string>({}, {"hi"}))}, {"dtype", MakeAttr(DT_STRING)}},
      {MakeTensor<std::string>({}, {"hi"})});
}

TEST(ConstOpTest, PublishesSmallValuesForShapeFunctions) {
  Scope root = Scope::NewRootScope();
  Output c = ops::Const(root, {2, 3});
  ASSERT_OK(root.status());
  EXPECT_THAT(root.refiner().outputs(*c.node())->tensors[0],
              TensorEq(MakeTensor<int32_t>({2}, {2, 3})));
  EXPECT_TRUE(OpRegistry::Global()->Find("Const")->no_gradient);
}

}  // namespace
}  // namespace rill
